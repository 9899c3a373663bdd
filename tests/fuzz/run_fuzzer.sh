#!/usr/bin/env bash
# run_fuzzer.sh HARNESS SEEDS WORK SECONDS [LIBFUZZER OPTIONS...]: runs every seed of SEEDS through
# HARNESS, then fuzzes for SECONDS. New inputs go to WORK/corpus (never into the sources); a failing
# input is saved as WORK/crash-<sha1> (or leak-, timeout-, oom-) and the test fails, printing how to
# reproduce it.
set -euo pipefail
harness=$1 seeds=$2 work=$3 seconds=$4
shift 4
mkdir -p "$work/corpus"
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/" "$@" "$work/corpus" "$seeds" || status=$?
if ((status != 0)); then
  echo "run_fuzzer: $(basename "$harness") failed; reproduce with: $harness $work/<crash-file>" >&2
fi
exit "$status"
