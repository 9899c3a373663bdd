#!/usr/bin/env bash
# Makes the lock benchmark's fixture, offline after the first run: a package index (PEP 503, as
# tests/integration/wheel_index/write_index.py writes it) of ~50 wheels, ~100 MB, repacked from Debian's
# python3-* packages (apt-get download + dpkg-deb -x; /usr/lib/python3/dist-packages without Debian's
# .egg-info/.dist-info, which a new .dist-info with RECORD replaces, the entry points kept), and a project
# whose hashed requirements.txt pins every wheel (the lock both pip and pycontainer install).
#   bench/lock_fixture.sh CACHE_DIR   -> prints "INDEX_DIR PROJECT_DIR"; the project's index URL is the
#                                        host index.invalid, which the benchmark replaces by its server's
# Each wheel is named after its Debian package (python3-pandas-lib: pandas-lib) with the upstream version;
# compiled packages (Architecture: amd64) are tagged cp311-cp311-manylinux_2_34_x86_64, the others
# py3-none-any. Their own shared-library dependencies (BLAS for numpy...) are not in the wheels, as they are
# not in the Debian base either: the benchmark builds with --allow-missing-libraries.
set -euo pipefail

cache=${1:?usage: lock_fixture.sh CACHE_DIR}
mkdir -p "$cache/debs"
cache=$(cd "$cache" && pwd)
tools=$(cd "$(dirname "$0")/../tests/integration/wheel_index" && pwd)
index=$cache/index
project=$cache/project
if [[ -e $cache/fixture.complete ]]; then
  echo "$index $project"
  exit 0
fi

packages=(
  numpy scipy pandas pandas-lib django botocore sympy mpmath networkx six attr certifi idna urllib3 requests
  chardet charset-normalizer click jinja2 markupsafe werkzeug flask itsdangerous yaml dateutil tz pygments
  packaging pyparsing typing-extensions jmespath s3transfer boto3 docutils babel sqlalchemy greenlet cffi
  pycparser simplejson toml tomli wcwidth decorator tqdm colorama sqlparse asgiref tabulate pluggy iniconfig
  pytest sklearn sklearn-lib matplotlib lxml
)
missing=()
for package in "${packages[@]}"; do
  compgen -G "$cache/debs/python3-${package}_*.deb" >/dev/null || missing+=("python3-$package")
done
if ((${#missing[@]} > 0)); then
  echo "lock fixture: downloading ${#missing[@]} packages" >&2
  (cd "$cache/debs" && apt-get download -q "${missing[@]}" >&2) ||
    { echo "lock fixture: apt-get download failed (run apt-get update?)" >&2; exit 1; }
fi

rm -rf "$index" "$project" "$cache/root"
mkdir -p "$index/files" "$project"
echo "lock fixture: repacking ${#packages[@]} packages as wheels" >&2
for package in "${packages[@]}"; do
  deb=$(compgen -G "$cache/debs/python3-${package}_*.deb" | head -n 1)
  root=$cache/root/$package
  mkdir -p "$root"
  dpkg-deb -x "$deb" "$root"
  tree=$root/usr/lib/python3/dist-packages
  [[ -d $tree ]] || { echo "lock fixture: $deb has no dist-packages" >&2; exit 1; }
  version=$(dpkg-deb -f "$deb" Version | sed -E 's/^[0-9]+://; s/^([0-9]+(\.[0-9]+)*).*/\1/')
  kind=(--tag py3-none-any)
  [[ $(dpkg-deb -f "$deb" Architecture) == all ]] || kind=(--tag cp311-cp311-manylinux_2_34_x86_64 --platlib)
  entry_points=()
  found=$(find "$tree" -maxdepth 2 -path '*-info/entry_points.txt' | head -n 1)
  [[ -z $found ]] || { cp "$found" "$root/entry_points.txt"; entry_points=(--entry-points "$root/entry_points.txt"); }
  find "$tree" -maxdepth 1 \( -name '*.egg-info' -o -name '*.dist-info' \) -exec rm -rf {} +
  python3 "$tools/make_wheel.py" "$index/files" --name "$package" --version "$version" "${kind[@]}" \
    "${entry_points[@]}" --tree "$tree" \
    --summary "Debian's python3-$package, repacked" >/dev/null &
  # Two at a time: compression is the slow part.
  (($(jobs -r | wc -l) < 2)) || wait -n
done
while (($(jobs -r | wc -l) > 0)); do wait -n; done
rm -rf "$cache/root"
python3 "$tools/write_index.py" "$index"

# The project: its hashed requirements pin every wheel of the index (pip-compile --generate-hashes's form).
{
  echo "--index-url http://index.invalid/simple"
  for wheel in "$index/files"/*.whl; do
    name=$(basename "$wheel" | cut -d- -f1) version=$(basename "$wheel" | cut -d- -f2)
    printf '%s==%s \\\n    --hash=sha256:%s\n' "${name//_/-}" "$version" "$(sha256sum "$wheel" | cut -d' ' -f1)"
  done
} >"$project/requirements.txt"
printf 'import numpy, pandas, scipy, django, botocore\n\nprint(numpy.__version__, pandas.__version__)\n' >"$project/app.py"
touch "$cache/fixture.complete"
echo "$index $project"
