#!/usr/bin/env bash
# The helper's build time (issue 15), as a first-time user meets it: no ccache (no compiler launcher, and
# ccache's masquerading directories left out of PATH), a fresh build directory on every run, Ninja with
# BENCH_JOBS jobs (default: nproc). Times BENCH_REPEAT runs (default 3) of
#   FetchContent: a consumer project that sets no build type and FetchContent's PyContainer from a clone
#     of this repository (GIT_REPOSITORY its path, GIT_TAG the commit of HEAD: commit what you measure;
#     BENCH_WORKTREE=1 builds the work tree as it is, through FETCHCONTENT_SOURCE_DIR_PYCONTAINER);
#     configure, then build;
#   plain install: PyContainer configured on its own as README says for find_package users
#     (-DPYCONTAINER_BUILD_TESTING=OFF, no build type), built and installed into a prefix;
# and prints each one's build steps, median wall seconds (configure, build, both) and median CPU seconds
# (user + system of every process: what other builds on the machine inflate least), the slowest compile
# steps of the last FetchContent build (from .ninja_log), the load average, and the target of issue 15.
# Not a test: timings vary with the machine's load (the compilers of other builds are counted in the output).
#
#   bench/build_time.sh      BENCH_REPEAT, BENCH_JOBS, BENCH_WORKTREE, BENCH_CACHE (default bench/.cache)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
repeat=${BENCH_REPEAT:-3}
jobs=${BENCH_JOBS:-$(nproc)}
work=${BENCH_CACHE:-$here/.cache}/build-time
source "$here/lib.sh"
install_missing cmake:cmake ninja:ninja-build g++:g++ git:git /usr/bin/time:time

unset CCACHE_DIR CCACHE_BASEDIR CCACHE_NOHASHDIR CMAKE_CXX_COMPILER_LAUNCHER CMAKE_BUILD_TYPE CXXFLAGS
PATH=$(tr ':' '\n' <<< "$PATH" | grep -v ccache | paste -sd: -)
commit=$(git -C "$root" rev-parse HEAD)
source_dir=()
if [[ ${BENCH_WORKTREE:-0} == 1 ]]; then
  source_dir=(-DFETCHCONTENT_SOURCE_DIR_PYCONTAINER="$root")
elif [[ -n $(git -C "$root" status --porcelain --untracked-files=no) ]]; then
  echo "bench: the work tree has uncommitted changes; measuring the commit $commit (BENCH_WORKTREE=1: the work tree)" >&2
fi
rm -rf "$work"
mkdir -p "$work/consumer"
cat > "$work/consumer/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(consumer LANGUAGES CXX)
include(FetchContent)
FetchContent_Declare(PyContainer GIT_REPOSITORY "$root" GIT_TAG $commit)
FetchContent_MakeAvailable(PyContainer)
CMAKE

rows=()
# timed_build NAME BUILD CONFIGURE-COMMAND -- BUILD-COMMAND...: BENCH_REPEAT runs of both in an empty BUILD
# directory, each timed with bash's clock; keeps the median of configure, build and their sum, and the
# number of build steps (ninja's [n/N]).
timed_build() {
  local name=$1 build=$2 i
  shift 2
  local configure=() make=()
  while [[ $1 != -- ]]; do configure+=("$1"); shift; done
  shift
  make=("$@")
  echo "bench: $name" >&2
  : > "$work/times"
  for ((i = 1; i <= repeat; ++i)); do
    rm -rf "$build" "$work/prefix"
    local start=$EPOCHREALTIME
    /usr/bin/time -f '%U %S' -o "$work/configure.cpu" "${configure[@]}" > "$work/configure.log" 2>&1 ||
      { cat "$work/configure.log" >&2; fail "configuring: $name"; }
    local configured=$EPOCHREALTIME
    /usr/bin/time -f '%U %S' -o "$work/build.cpu" "${make[@]}" > "$work/build.log" 2>&1 ||
      { tail -n 50 "$work/build.log" >&2; fail "building: $name"; }
    local end=$EPOCHREALTIME
    echo "$(seconds_between "$start" "$configured") $(seconds_between "$configured" "$end")" \
      "$(seconds_between "$start" "$end")" \
      "$(cat "$work/configure.cpu" "$work/build.cpu" | awk '{ s += $1 + $2 } END { printf "%.1f", s }')" >> "$work/times"
    echo "bench:   run $i: $(tail -n 1 "$work/times") (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  done
  local steps median=()
  steps=$(grep -oE '^\[[0-9]+/[0-9]+\]' "$work/build.log" | tail -n 1 | tr -d '[]' | cut -d/ -f2)
  for i in 1 2 3 4; do
    median+=("$(awk -v c="$i" '{ print $c }' "$work/times" | sort -n | awk '{ s[NR] = $1 } END { print s[int((NR + 1) / 2)] }')")
  done
  rows+=("$name"$'\t'"${steps:-0}"$'\t'"${median[0]}"$'\t'"${median[1]}"$'\t'"${median[2]}"$'\t'"${median[3]}")
}

# What else runs: compilers of other builds on the machine while this one measures.
others() { pgrep -c -f 'cc1plus|clang' || true; }
echo "bench: $(nproc) cores, $jobs jobs, median of $repeat; $(others) compiler processes of other builds running now" >&2

timed_build "FetchContent configure + build" "$work/consumer/build" \
  cmake -S "$work/consumer" -B "$work/consumer/build" -G Ninja "${source_dir[@]}" -- \
  cmake --build "$work/consumer/build" -j "$jobs"
ninja_log=$work/consumer/build/.ninja_log
cp "$ninja_log" "$work/fetchcontent.ninja_log"
timed_build "plain install (PYCONTAINER_BUILD_TESTING=OFF)" "$work/install" \
  cmake -S "$root" -B "$work/install" -G Ninja -DPYCONTAINER_BUILD_TESTING=OFF -- \
  bash -c 'cmake --build "$1" -j "$2" && cmake --install "$1" --prefix "$3"' _ "$work/install" "$jobs" "$work/prefix"

printf '\n%-48s %6s %10s %10s %10s %10s\n' "" steps configure build total "CPU s"
for row in "${rows[@]}"; do
  IFS=$'\t' read -r name steps configure build total cpu <<< "$row"
  printf '%-48s %6s %10s %10s %10s %10s\n' "$name" "$steps" "$configure" "$build" "$total" "$cpu"
done
echo
echo "slowest steps of the last FetchContent build (seconds, from .ninja_log):"
awk -F'\t' 'NR > 1 { printf "%8.1f  %s\n", ($2 - $1) / 1000, $4 }' "$work/fetchcontent.ninja_log" |
  sort -rn | head -n 12 | sed "s|_deps/pycontainer-build/||"
echo
echo "seconds: median wall time of $repeat runs on $jobs jobs, each from an empty build directory and without ccache;"
echo "CPU s: the user + system seconds of all their processes (what other builds on the machine slow down less)."
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg); $(others) compiler processes of other builds running now."
target "FetchContent configure + build, seconds" "$(cut -f5 <<< "${rows[0]}")" "<" 120
