#!/usr/bin/env bash
# --threads N is the build's thread budget, shared by the layers packed at once and their compression:
# with --threads 1 a build starts no thread at all (one layer at a time, compressed on the building thread,
# nothing packed beside the dependencies), counted by strace as clones with CLONE_THREAD; with --threads 2
# it starts some. --verbose states the split. The image is the same either way.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_tool strace strace
base=$(python_base)

# build_with_threads N: builds hello with --threads N (a cold layer cache of its own) under strace, into
# $WORK/threads-N; prints the number of threads the build started.
build_with_threads() {
  local out=$WORK/threads-$1
  trace_calls "$out.strace" clone,clone3 "$PYCONTAINER" --verbose build --threads "$1" \
    --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$base" --output "$out" \
    --cache-dir "$WORK/cache-$1" >"$out.out" 2>"$out.err" || fail "build --threads $1: $(cat "$out.err")"
  grep -c CLONE_THREAD "$out.strace" || true
}

expect_eq "$(build_with_threads 1)" "0" "threads started by build --threads 1"
expect_contains "$(cat "$WORK/threads-1.err")" "1 at once, each compressed on 1 thread(s) (budget 1)" \
  "the split of --threads 1"
started=$(build_with_threads 2)
((started > 0)) || fail "build --threads 2 started no thread: the count does not see them"
expect_contains "$(cat "$WORK/threads-2.err")" "each compressed on 2 thread(s) (budget 2)" "the split of --threads 2"
expect_eq "$(cat "$WORK/threads-1.out")" "$(cat "$WORK/threads-2.out")" "the image of --threads 1 and 2"
echo "PASS"
