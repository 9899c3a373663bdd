# Helpers of the benchmarks (sourced by bench/run and bench/push.sh, after setting pycontainer and cache):
# missing tools installed, the tests' Python base, the engine tests' private Docker daemon, and the
# lines of the issues' targets. The tests' own helpers give fail, require_tool, docker and docker_archive.
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$bench_dir/../tests/integration/lib.sh"
source "$bench_dir/../tests/e2e/engines_lib.sh"

# install_missing COMMAND:PACKAGE...: installs with apt-get the Debian packages of the commands not found.
install_missing() {
  local need=() tool
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
  done
  ((${#need[@]} > 0)) || return 0
  echo "bench: installing ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

# at_exit COMMAND...: runs COMMAND when the script exits, the last registered first (one EXIT trap for all).
exit_steps=()
at_exit() { exit_steps=("$(printf '%q ' "$@")" "${exit_steps[@]}"); }
run_exit_steps() {
  local step
  for step in "${exit_steps[@]}"; do eval "$step" || true; done
}
trap run_exit_steps EXIT

# make_base: the tests' Python 3.11 base (tests/integration/make_python_base.sh, from the root filesystem
# tarball BENCH_ROOTFS when set) in $cache/base; sets base_layout, base_tag and base (oci:LAYOUT:TAG).
make_base() {
  PYCONTAINER=$pycontainer PYCONTAINER_TEST_ROOTFS=${BENCH_ROOTFS:-} \
    "$bench_dir/../tests/integration/make_python_base.sh" "$cache/base" >&2
  base_layout=$cache/base/python-base
  base_tag=$(cut -d: -f2 "$cache/base/python-base.ref")
  base=oci:$base_layout:$base_tag
}

# start_docker STATE: Debian's dockerd as the engine tests run it (tests/e2e/docker_fixture.sh: its own
# data root on tmpfs, no bridge, no iptables), stopped when the script exits; and, as the fixture starts,
# one left running by an earlier run that was killed with the same STATE. Sets DOCKER_STATE (for the
# tests' docker function) and docker_cli, the same CLI as an argument list for the timed commands
# (/usr/bin/time runs programs, not shell functions).
start_docker() {
  install_missing dockerd:docker.io /usr/bin/docker:docker.io skopeo:skopeo
  DOCKER_STATE=$1
  at_exit stop_docker
  bash "$bench_dir/../tests/e2e/docker_fixture.sh" start "$DOCKER_STATE" >&2 ||
    fail "the Docker daemon did not start (above): the docker rows need root and docker.io"
  docker_cli=(/usr/bin/docker --host "unix://$(cat "$DOCKER_STATE/run_dir")/docker.sock")
}

stop_docker() { bash "$bench_dir/../tests/e2e/docker_fixture.sh" stop "$DOCKER_STATE" >&2; }

# load_into_docker LAYOUT REF NAME:TAG: the layout's image REF loaded into the daemon as NAME:TAG.
load_into_docker() {
  docker_archive "$1" "$2" "$DOCKER_STATE/load.tar" "$3"
  docker load --quiet --input "$DOCKER_STATE/load.tar" >/dev/null || fail "docker load rejects $1:$2"
  rm "$DOCKER_STATE/load.tar"
}

# timed FILE COMMAND...: appends "seconds peak-RSS-kB" of the command to FILE; its output in $run/stdout
# and $run/stderr (the caller's run directory), a failure shown and fatal.
timed() {
  local file=$1 start end
  shift
  start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$run/time" "$@" >"$run/stdout" 2>"$run/stderr" ||
    { cat "$run/stderr" >&2; echo "bench: FAILED: $*" >&2; exit 1; }
  end=$EPOCHREALTIME
  echo "$(seconds_between "$start" "$end") $(tail -n 1 "$run/time")" >> "$file"
}

# median FILE: the median run of FILE (lines "seconds peak-RSS-kB").
median() { sort -n "$1" | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'; }

# ratio A B: the median seconds of run file A over B's.
ratio() { quotient "$(median "$1" | cut -d' ' -f1)" "$(median "$2" | cut -d' ' -f1)"; }

# quotient A B: A / B to three decimals.
quotient() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# seconds_between START END: END - START (two $EPOCHREALTIME, read around a timed command: GNU time's own
# figure has hundredths only) to the millisecond.
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# target LABEL VALUE OP LIMIT: one performance target (OP: <= or <), its measured value and whether it is met.
target() {
  awk -v label="$1" -v value="$2" -v op="$3" -v limit="$4" 'BEGIN {
    met = op == "<" ? value + 0 < limit + 0 : value + 0 <= limit + 0
    printf "target: %-58s %9s %2s %-6s %s\n", label, value, op, limit, met ? "met" : "NOT met" }'
}
