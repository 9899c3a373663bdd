#!/usr/bin/env bash
# Fixture: the pycontainer wheel of this source tree, built once into $PYCONTAINER_FIXTURES/python-wheel
# by the in-tree backend (pip wheel, offline, in pip's isolated build environment: the backend needs no
# package) with the helper of the test build directory (PYCONTAINER_HELPER_BUILD_DIR), not a second compile.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
out=$PYCONTAINER_FIXTURES/python-wheel
rm -rf "$out.part"
PYCONTAINER_HELPER_BUILD_DIR=$PYCONTAINER_BUILD_DIR "$SYSTEM_PYTHON" -m pip wheel \
  --no-index --no-deps --wheel-dir "$out.part" "$PYCONTAINER_SOURCE_DIR" || fail "pip wheel failed"
wheels=("$out.part"/pycontainer-*.whl)
[[ ${#wheels[@]} == 1 && -f ${wheels[0]} ]] || fail "pip wheel made no single pycontainer wheel: ${wheels[*]}"
rm -rf "$out"
mv "$out.part" "$out"
echo "wheel: $(ls "$out")"
