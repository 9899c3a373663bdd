#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds, and runs every CTest test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PYCONTAINER_BUILD_DIR:-$root/build}

bash "$root/tests/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build"
cd "$build"
ctest --output-on-failure --timeout 900 "$@"
