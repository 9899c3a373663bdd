#!/usr/bin/env bash
# sanitize.sh [ctest args]: the unit and integration tests against a helper and unit tests built with
# AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer (g++), in build-sanitize/. The first
# report ends the process with an error, so the test that ran it fails (and the run, if a test kept the
# report in a file). Not run by CI (it costs about as much as the rest of CI): run it after changing
# parsing, memory, threading or I/O code.
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
started=$(mktemp)
trap 'rm -f "$started"' EXIT
status=0
ctest --output-on-failure --timeout 1800 -L 'unit|integration' "$@" || status=$?
# A test that expects the helper to fail could pass over a report in the output it kept (a file in its
# work directory): any report written during this run fails the run too.
if find "$build/tests" "$build/Testing/Temporary" -type f -newer "$started" -print0 |
  xargs -0 -r grep -IlE '==[0-9]+==ERROR: (Address|Leak)Sanitizer|Sanitizer has encountered a fatal error|:[0-9]+:[0-9]+: runtime error: ' >&2; then
  echo "sanitize: the files above hold sanitizer reports" >&2
  status=1
fi
exit "$status"
