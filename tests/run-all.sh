#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds, and runs every CTest test; then
# the fuzz harnesses (tests/fuzz), which need clang: a second build directory with PYCONTAINER_FUZZ=ON
# builds only the instrumented library and the harnesses, and `ctest -L fuzz` fuzzes each for a few
# seconds from its seed corpus. Arguments go to both ctest runs (`-L unit` runs no fuzz test). Tests run
# PYCONTAINER_TEST_JOBS (2) at a time: many wait on servers, qemu or Debian's mirror more than on the CPU.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PYCONTAINER_BUILD_DIR:-$root/build}
fuzz_build=${PYCONTAINER_FUZZ_BUILD_DIR:-$root/build-fuzz}

bash "$root/tests/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build"
status=0
(cd "$build" && ctest --output-on-failure --timeout 900 -j "${PYCONTAINER_TEST_JOBS:-2}" "$@") || status=$?

cmake -S "$root" -B "$fuzz_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DPYCONTAINER_BUILD_TESTING=OFF -DPYCONTAINER_FUZZ=ON
cmake --build "$fuzz_build" --target pycontainer_fuzzers
(cd "$fuzz_build" && ctest --output-on-failure -L fuzz "$@") || status=$?
exit "$status"
