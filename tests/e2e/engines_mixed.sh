#!/usr/bin/env bash
# examples/mixed-cpp-python in real engines: the example configured and built by CMake against the
# installed PyContainer (its C++ extension compiled, the image assembled by pycontainer_image), then
# its image loaded into Docker and Podman as a docker-archive prints what the C++ module computed, and
# what it asked of the shared library of the project it links (libgeom.so.1), also as uid 12345 on a
# read-only root filesystem.
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
use_podman
[[ -f $PYCONTAINER_PREFIX/bin/pycontainer ]] || fail "no installed PyContainer in $PYCONTAINER_PREFIX (the fixture cmake.install installs it)"

cmake -S "$PYCONTAINER_SOURCE_DIR/examples/mixed-cpp-python" -B "$WORK/build" -G Ninja \
  -DCMAKE_PREFIX_PATH="$PYCONTAINER_PREFIX" -DPython3_EXECUTABLE=/usr/bin/python3 -DPYCONTAINER_BASE_IMAGE="$base" \
  >"$WORK/configure.log" 2>&1 || { cat "$WORK/configure.log"; fail "configuring examples/mixed-cpp-python failed"; }
cmake --build "$WORK/build" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; fail "building examples/mixed-cpp-python failed"; }
docker_archive "$WORK/build/mixed_image.oci" 1.0 "$WORK/mixed.tar" pycontainer-test/mixed:1.0

run_in_engines "$WORK/mixed.tar" pycontainer-test/mixed:1.0 \
  $'fib(50) computed in C++: 12586269025\na quadrilateral of area 12, from libgeom'
echo "PASS: the C++ extension's results, one from the shared library it links (Docker and Podman)"
