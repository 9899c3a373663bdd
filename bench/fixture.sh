#!/usr/bin/env bash
# Makes the benchmark fixture, offline after the first run: a Python project whose context holds an app
# of a few hundred generated modules and a site-packages of ~250-300 MB taken from Debian's Python
# packages (apt-get download + dpkg -x, no install, nothing run as the packages' scripts).
#
#   bench/fixture.sh CACHE_DIR      -> prints the project directory (CACHE_DIR/project)
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
stamp=$project/.fixture-complete
if [[ -e $stamp ]]; then
  echo "$project"
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

rm -rf "$project" "$cache/root"
mkdir -p "$cache/root" "$project/app"
for package in "${packages[@]}"; do
  dpkg -x "$(compgen -G "$cache/debs/${package}_*.deb" | head -n 1)" "$cache/root"
done
mv "$cache/root/usr/lib/python3/dist-packages" "$project/site-packages"
# Debian links a few vendored JavaScript files to /usr/share; outside the tree they would dangle.
find "$project/site-packages" -type l -delete
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
            '[tool.pycontainer]\nentrypoint = ["python3", "-m", "service"]\nenv = { PYTHONPATH = "/app/app:/app/site-packages" }\n')
PY
touch "$stamp"
echo "$project"
