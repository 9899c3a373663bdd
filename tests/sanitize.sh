#!/usr/bin/env bash
# sanitize.sh [ctest args]: the unit and integration tests against a helper and unit tests built with
# AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer (g++), in build-sanitize/. The first
# report ends the process with an error, so the test that ran it fails. Not run by CI (it costs about as
# much as the rest of CI): run it after changing parsing, memory, threading or I/O code.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PYCONTAINER_SANITIZE_BUILD_DIR:-$root/build-sanitize}
sanitizers=(-fsanitize=address,undefined -fno-sanitize-recover=all)

bash "$root/tests/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="${sanitizers[*]} -fno-omit-frame-pointer" -DCMAKE_EXE_LINKER_FLAGS="${sanitizers[*]}"
cmake --build "$build"
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
cd "$build"
ctest --output-on-failure --timeout 1800 -L 'unit|integration' "$@"
