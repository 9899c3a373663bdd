#!/usr/bin/env bash
# Test fixture (issue 16): a package index made offline, as a static PEP 503 tree in FIXTURES_DIR/wheel-index
# (files/ the distributions, simple/ the pages, see wheel_index/write_index.py), served by the tests with
# `python3 -m http.server` (serve_wheel_index in lib.sh):
#   greeting 1.0.0   py3-none-any, console script `greet`, requires Color-Kit
#   Color-Kit 1.2.0  py3-none-any (color_kit-1.2.0-py3-none-any.whl: a name that normalizes)
#   fastsum 0.3.0    a C extension, cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64 (gcc) and
#                    the same for aarch64 (aarch64-linux-gnu-gcc)
#   srconly 0.1.0    an sdist only, built with poetry-core (pip builds it in an isolated environment)
#   poetry-core 1.4.0  py3-none-any, Debian's poetry-core (python3-poetry-core, its dependencies vendored)
#                    as a wheel: srconly's build requirement, which pip fetches from the index the lock
#                    names; it builds the same bytes every time
# and, in wheel-index/locks/, the lock files of tests/locks/wheel-index rendered with the distributions'
# hashes and sizes (render_locks.py), plus a poetry.lock made by Debian's Poetry against the served index.
# Their index URLs name the host index.invalid, which a test replaces by its server's address.
# Cached: remade only when its sources or the compilers change (a few seconds then).
#   make_wheel_index.sh FIXTURES_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
fixtures=$(realpath -m "$1")
sources=$here/wheel_index
templates=$here/../locks/wheel-index
out=$fixtures/wheel-index
mkdir -p "$fixtures"
require_tool gcc gcc
require_tool aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
[[ -e /usr/include/python3.11/Python.h ]] || fail "no /usr/include/python3.11/Python.h (Debian package: python3-dev)"
poetry_core=/usr/lib/python3/dist-packages/poetry/core
poetry_core_version=$(sed -n 's/^Version: //p' /usr/lib/python3/dist-packages/poetry_core-*.dist-info/METADATA 2>/dev/null || true)
[[ -d $poetry_core && -n $poetry_core_version ]] || fail "no $poetry_core (Debian package: python3-poetry-core)"

stamp=$( { find "$sources" "$templates" "$0" -type f -print0 | sort -z | xargs -0 sha256sum
           gcc --version | head -n 1; aarch64-linux-gnu-gcc --version | head -n 1; echo "poetry-core $poetry_core_version"; } |
  sha256sum | cut -d' ' -f1)
if [[ $(cat "$out/.stamp" 2>/dev/null) == "$stamp" ]]; then
  echo "wheel index up to date: $out"
  exit 0
fi

# The aarch64 headers: Debian's /usr/include/python3.11/pyconfig.h includes the architecture's own
# <aarch64-linux-gnu/python3.11/pyconfig.h>, which only libpython3.11-dev:arm64 has (sizes, alignments and
# features of that build). Its .deb is downloaded once with apt-get, from a private apt state listing
# arm64 only (the machine's dpkg needs no foreign architecture), and kept in FIXTURES_DIR/arm64-debs.
debs=$fixtures/arm64-debs
deb=$(compgen -G "$debs/libpython3.11-dev_*_arm64.deb" | head -n 1 || true)
if [[ -z $deb ]]; then
  echo "downloading libpython3.11-dev:arm64 for the aarch64 headers (once, into $debs)"
  apt_state=$debs/apt
  mkdir -p "$apt_state/lists/partial" "$apt_state/cache/archives/partial"
  : >"$apt_state/status"
  grep -h '^deb ' /etc/apt/sources.list 2>/dev/null >"$apt_state/sources.list" || true
  if [[ ! -s $apt_state/sources.list ]]; then
    printf 'deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian-security bookworm-security main\n' \
      >"$apt_state/sources.list"
  fi
  apt_options=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o "Dir::State::Lists=$apt_state/lists"
    -o "Dir::State::Status=$apt_state/status" -o "Dir::Cache=$apt_state/cache"
    -o "Dir::Etc::SourceList=$apt_state/sources.list" -o Dir::Etc::SourceParts=/dev/null -o Acquire::Languages=none)
  apt-get -qq "${apt_options[@]}" update || fail "apt-get update of the arm64 package lists failed"
  (cd "$debs" && apt-get -qq "${apt_options[@]}" download libpython3.11-dev:arm64 2>/dev/null) ||
    fail "apt-get download libpython3.11-dev:arm64 failed"
  rm -rf "$apt_state"
  deb=$(compgen -G "$debs/libpython3.11-dev_*_arm64.deb" | head -n 1)
fi

partial=$out.partial
rm -rf "$partial"
mkdir -p "$partial/files" "$partial/build/arm64"
build=$partial/build
dpkg-deb -x "$deb" "$build/arm64"

wheel() { python3 "$sources/make_wheel.py" "$partial/files" "$@" >/dev/null; }
wheel --name greeting --version 1.0.0 --tag py3-none-any --requires 'Color-Kit>=1.0' \
  --console-script greet=greeting.cli:main \
  "$sources/src/greeting/__init__.py=greeting/__init__.py" "$sources/src/greeting/cli.py=greeting/cli.py"
wheel --name Color-Kit --version 1.2.0 --tag py3-none-any "$sources/src/color_kit/__init__.py=color_kit/__init__.py"
# No debug information and no build paths: the same compiler gives the same bytes, so the hashes in the
# rendered locks stay those of the served files.
cflags=(-shared -fPIC -O2 -g0 -Wall -Werror)
gcc "${cflags[@]}" -I/usr/include/python3.11 "$sources/fastsum.c" -o "$build/fastsum.cpython-311-x86_64-linux-gnu.so"
aarch64-linux-gnu-gcc "${cflags[@]}" -I"$build/arm64/usr/include/python3.11" -I"$build/arm64/usr/include" \
  "$sources/fastsum.c" -o "$build/fastsum.cpython-311-aarch64-linux-gnu.so"
for machine in x86_64 aarch64; do
  wheel --name fastsum --version 0.3.0 --platlib \
    --tag "cp311-cp311-manylinux_2_17_$machine" --tag "cp311-cp311-manylinux2014_$machine" \
    "$build/fastsum.cpython-311-$machine-linux-gnu.so=fastsum.cpython-311-$machine-linux-gnu.so"
done
python3 "$sources/make_sdist.py" "$partial/files" srconly 0.1.0 "$sources/src/srconly" >/dev/null
mkdir -p "$build/poetry-core/poetry"
cp -r "$poetry_core" "$build/poetry-core/poetry/"
find "$build/poetry-core" -name __pycache__ -prune -exec rm -rf {} +
wheel --name poetry-core --version "$poetry_core_version" --tag py3-none-any --tree "$build/poetry-core"
rm -rf "$build"
python3 "$sources/write_index.py" "$partial"
python3 "$sources/render_locks.py" "$templates" "$partial" "$partial/locks"

# poetry.lock by the real Poetry (Debian's 1.3), resolving against the index served from the partial tree;
# its own home (the virtualenv it creates, its cache) is thrown away, and the server's address is replaced by
# index.invalid as in the other locks.
require_tool poetry python3-poetry
serve_wheel_index "$partial" "$partial/poetry-home/server.log"
sed -i "s|http://index.invalid|$INDEX_URL|" "$partial/locks/poetry/pyproject.toml"
(cd "$partial/locks/poetry" && env -i PATH=/usr/bin:/bin HOME="$partial/poetry-home" \
  POETRY_VIRTUALENVS_CREATE=false /usr/bin/poetry lock --no-update --no-interaction >"$partial/poetry-home/lock.log" 2>&1) ||
  fail "poetry lock against $INDEX_URL failed: $(cat "$partial/poetry-home/lock.log")"
stop_wheel_index
sed -i "s|$INDEX_URL|http://index.invalid|" "$partial/locks/poetry/pyproject.toml" "$partial/locks/poetry/poetry.lock"
rm -rf "$partial/poetry-home"

echo "$stamp" >"$partial/.stamp"
rm -rf "$out"
mv "$partial" "$out"
echo "wheel index: $out"
find "$out/files" -type f -printf '  %f %s bytes\n'
