#!/usr/bin/env bash
# Makes the benchmark fixture, offline after the first run: a Python project (an app of a few hundred
# generated modules) and, outside it, a virtualenv for Python 3.11 whose site-packages holds ~300 MB of
# Debian's Python packages (apt-get download + dpkg -x, no install, nothing run as the packages'
# scripts) and whose bin/ holds their scripts, as pip would have installed them.
#
#   bench/fixture.sh CACHE_DIR      -> prints "PROJECT_DIR VENV_DIR" (CACHE_DIR/project, CACHE_DIR/venv)
#
# The .debs are kept in CACHE_DIR/debs, so later runs read nothing from the network.
set -euo pipefail

cache=${1:?usage: fixture.sh CACHE_DIR}
mkdir -p "$cache/debs"
cache=$(cd "$cache" && pwd)

# Pure-Python and compiled packages of the size a realistic service pulls in.
packages=(
  python3-numpy python3-scipy python3-pandas python3-pandas-lib python3-django python3-matplotlib
  python3-sklearn python3-sklearn-lib python3-botocore python3-networkx python3-lxml python3-pygments
)

project=$cache/project
venv=$cache/venv
stamp=$cache/fixture.complete
if [[ -e $stamp ]]; then
  echo "$project $venv"
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  compgen -G "$cache/debs/${package}_*.deb" >/dev/null || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "fixture: downloading ${missing[*]}" >&2
  (cd "$cache/debs" && apt-get download -q "${missing[@]}" >&2) ||
    { echo "fixture: apt-get download failed (run apt-get update?)" >&2; exit 1; }
fi

rm -rf "$project" "$venv" "$cache/root"
mkdir -p "$cache/root" "$project/app" "$venv/lib/python3.11" "$venv/bin"
for package in "${packages[@]}"; do
  dpkg -x "$(compgen -G "$cache/debs/${package}_*.deb" | head -n 1)" "$cache/root"
done
# The virtualenv as `python3.11 -m venv` lays it out; the interpreter links point at the build machine's
# Python, which pycontainer replaces by the base image's.
printf 'home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n' > "$venv/pyvenv.cfg"
ln -s /usr/bin/python3.11 "$venv/bin/python3.11"
ln -s python3.11 "$venv/bin/python3"
ln -s python3.11 "$venv/bin/python"
mv "$cache/root/usr/lib/python3/dist-packages" "$venv/lib/python3.11/site-packages"
# Debian links a few vendored JavaScript files to /usr/share; outside the tree they would dangle.
find "$venv/lib/python3.11/site-packages" -type l -delete
for script in "$cache/root/usr/bin"/*; do
  head -n 1 "$script" | grep -q '^#!/usr/bin/python3' || continue # dh_numpy3 is Perl, for Debian builds
  { echo "#!$venv/bin/python3"; tail -n +2 "$script"; } > "$venv/bin/$(basename "$script")"
  chmod 755 "$venv/bin/$(basename "$script")"
done
rm -rf "$cache/root"

# The app: a package of 300 modules of a few KiB each, plus the project files.
python3 - "$project" <<'PY'
import os, sys
root = sys.argv[1]
pkg = os.path.join(root, "app", "service")
os.makedirs(pkg, exist_ok=True)
with open(os.path.join(pkg, "__init__.py"), "w") as f:
    f.write('"""The benchmark service."""\n')
with open(os.path.join(pkg, "__main__.py"), "w") as f:
    f.write("from service.module_000 import main\nmain()\n")
for i in range(300):
    with open(os.path.join(pkg, f"module_{i:03d}.py"), "w") as f:
        f.write(f'"""Module {i} of the benchmark service."""\n\nimport json\n\n')
        for j in range(40):
            f.write(f"def handler_{j}(request, limit={i * 40 + j}):\n"
                    f"    data = json.loads(request)\n"
                    f"    return {{'module': {i}, 'handler': {j}, 'items': data[:limit]}}\n\n")
        f.write("def main():\n    print('ok')\n")
with open(os.path.join(root, "pyproject.toml"), "w") as f:
    f.write('[project]\nname = "service"\nversion = "1.0.0"\nrequires-python = ">=3.11"\n\n'
            '[tool.pycontainer]\nentrypoint = ["python3", "-m", "service"]\nenv = { PYTHONPATH = "/app/app" }\n')
PY
touch "$stamp"
echo "$project $venv"
