#!/usr/bin/env bash
# The backend's wheel: built with no package but pip (a venv without setuptools or wheel, and
# --no-build-isolation, so the backend runs there), offline; built again from the same inputs it is byte for
# byte the fixture's wheel (built in pip's isolated environment); with SOURCE_DATE_EPOCH every entry carries
# that date (check_wheel.py). Bad input is refused with a message naming it: an unknown --config-settings
# key, a SOURCE_DATE_EPOCH that is no number, a helper-build-dir that is no CMake build directory.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
version=$(cmake_version)

bare=$WORK/bare
make_venv "$bare" --own
"$bare/bin/pip" uninstall --yes setuptools >"$WORK/uninstall.log" 2>&1 || fail "$(cat "$WORK/uninstall.log")"
! "$bare/bin/python" -c 'import setuptools' 2>/dev/null || fail "setuptools is still there"
! "$bare/bin/python" -c 'import wheel' 2>/dev/null || fail "wheel is there"

# pip_wheel NAME [ARGS...]: pip wheel of the source tree into $WORK/NAME (its log in $WORK/NAME.log), by
# the bare venv's pip, offline, with the test build's helper; the environment is the caller's.
pip_wheel() {
  local name=$1
  shift
  PYCONTAINER_HELPER_BUILD_DIR=${PYCONTAINER_HELPER_BUILD_DIR-$PYCONTAINER_BUILD_DIR} "$bare/bin/pip" wheel \
    --no-build-isolation --no-index --no-deps --no-cache-dir --wheel-dir "$WORK/$name" "$@" \
    "$PYCONTAINER_SOURCE_DIR" >"$WORK/$name.log" 2>&1
}

pip_wheel again || fail "pip wheel failed: $(tail -20 "$WORK/again.log")"
cmp "$WORK/again/pycontainer-$version-"*.whl "$(fixture_wheel)" || fail "the same inputs made another wheel"

epoch=1700000001
SOURCE_DATE_EPOCH=$epoch pip_wheel dated || fail "pip wheel with SOURCE_DATE_EPOCH failed: $(tail -20 "$WORK/dated.log")"
"$SYSTEM_PYTHON" "$(dirname "$0")/check_wheel.py" "$WORK/dated/pycontainer-$version-"*.whl "$version" "$epoch" \
  >/dev/null || fail "the wheel built with SOURCE_DATE_EPOCH=$epoch"

# expect_refusal NAME EXPECTED-TEXT: the pip_wheel NAME just run failed with EXPECTED-TEXT and wrote no wheel.
expect_refusal() {
  expect_contains "$(cat "$WORK/$1.log")" "$2" "pip wheel's output ($1)"
  [[ -z $(ls "$WORK/$1" 2>/dev/null) ]] || fail "$1 wrote $(ls "$WORK/$1")"
  echo "ok $1 refused: $2"
}
! pip_wheel setting --config-settings build-dir=x || fail "an unknown config setting was accepted"
expect_refusal setting "unknown config setting 'build-dir' of pycontainer_backend (it takes helper-build-dir)"
! SOURCE_DATE_EPOCH=yesterday pip_wheel epoch || fail "SOURCE_DATE_EPOCH=yesterday was accepted"
expect_refusal epoch "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds since 1970-01-01"
! PYCONTAINER_HELPER_BUILD_DIR=$WORK pip_wheel build-dir || fail "a helper-build-dir without CMakeCache.txt was accepted"
expect_refusal build-dir "helper-build-dir $WORK is no CMake build directory (no CMakeCache.txt)"
echo "ok: the wheel is reproducible, SOURCE_DATE_EPOCH dates it, bad settings are refused"
