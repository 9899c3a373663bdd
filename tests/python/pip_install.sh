#!/usr/bin/env bash
# `pip install .` of this repository in a fresh venv, offline as issue 18 gives it (Debian's packages seen
# through --system-site-packages; --no-build-isolation --no-index), the helper taken from the test build
# (PYCONTAINER_HELPER_BUILD_DIR): it installs the helper binary itself as the venv's `pycontainer` (an ELF
# file, no Python launcher), whose --version, the distribution's version and the package's __version__ are
# all CMakeLists.txt's project(VERSION), and the package finds it. The build writes nothing into the source
# tree (no *.egg-info, no build/lib). The fixture wheel is checked by check_wheel.py (PEP 427, RECORD
# digests, tags, fixed dates and modes).
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"

source_listing() {
  (cd "$PYCONTAINER_SOURCE_DIR" && ls -A && find helper -name __pycache__ -prune -o -print | sort)
}
source_listing >"$WORK/source-before"
venv=$WORK/venv
make_venv "$venv"
PYCONTAINER_HELPER_BUILD_DIR=$PYCONTAINER_BUILD_DIR "$venv/bin/pip" install --no-build-isolation --no-index \
  --no-deps "$PYCONTAINER_SOURCE_DIR" >"$WORK/pip.log" 2>&1 || fail "pip install . failed: $(tail -20 "$WORK/pip.log")"
source_listing >"$WORK/source-after"
diff "$WORK/source-before" "$WORK/source-after" || fail "pip install . changed the source tree (above)"

[[ $(head -c 4 "$venv/bin/pycontainer" | od -An -c | tr -d ' ') == '177ELF' ]] ||
  fail "$venv/bin/pycontainer is not the helper binary: $(head -c 80 "$venv/bin/pycontainer")"
version=$(cmake_version)
expect_eq "$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("pycontainer"))')" \
  "$version" "the distribution's version (CMakeLists.txt's)"
expect_eq "$("$venv/bin/pycontainer" --version)" "pycontainer $version" "pycontainer --version"
expect_eq "$(PATH=$venv/bin:/usr/bin:/bin pycontainer --version)" "pycontainer $version" "pycontainer on PATH"
expect_eq "$("$venv/bin/python" -c 'import pycontainer; print(pycontainer.helper_path(), pycontainer.__version__)')" \
  "$venv/bin/pycontainer $version" "the package's helper_path() and __version__"
cmp "$venv/bin/pycontainer" "$PYCONTAINER" || fail "the installed helper is not the build's $PYCONTAINER"

wheel=$(fixture_wheel)
platform=$("$SYSTEM_PYTHON" -c 'import sysconfig; print(sysconfig.get_platform().replace("-", "_"))')
expect_eq "$(basename "$wheel")" "pycontainer-$version-py3-none-$platform.whl" "the wheel's name"
files=$("$SYSTEM_PYTHON" "$(dirname "$0")/check_wheel.py" "$wheel" "$version") || fail "the wheel's contents"
echo "ok: pip install . gives $("$venv/bin/pycontainer" --version); the wheel holds $files files"
