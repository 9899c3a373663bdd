#!/usr/bin/env bash
# The lock benchmark (issue 16): ~50 wheels, ~90 MB (bench/lock_fixture.sh: Debian's python3-* packages
# repacked), served on 127.0.0.1 by `python3 -m http.server`; one hashed requirements.txt pins them all.
# Times, cold (an empty cache, a new output), `pycontainer build --include-deps --lock requirements.txt`
# (download, verify, install, layers, image) against `pip install --no-cache-dir --target DIR --no-deps
# -r requirements.txt` of the same pins from the same index (download, verify, install only); then
# pycontainer's rebuild with the lock unchanged, which must download and install nothing: the server's log
# gets no request, and the image is the same. Prints the median of BENCH_REPEAT runs (default 3) and the
# targets. Not a test: timings vary with the machine's load.
#
# A run's outputs are moved aside (into $run/trash) and removed, with the last run's, when the timings are
# done: on an ext4 without a journal (as this machine's), each new inode is searched for past every inode
# freed in the last minutes, so removing the last run's ~25,000 files just before a timed command made it
# several times slower, whichever command came first after the removal.
#
#   bench/lock_install.sh [PYCONTAINER]   default: build/helper/pycontainer; BENCH_CACHE (default
#                                         bench/.cache), BENCH_ROOTFS (the base's root filesystem)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pycontainer=$(realpath "${1:-$here/../build/helper/pycontainer}")
cache=${BENCH_CACHE:-$here/.cache}
repeat=${BENCH_REPEAT:-3}
[[ -x $pycontainer ]] || { echo "bench: $pycontainer is not built (cmake --build build)" >&2; exit 1; }
source "$here/lib.sh"
install_missing /usr/bin/time:time /usr/bin/python3:python3 mmdebstrap:mmdebstrap
/usr/bin/python3 -m pip --version >/dev/null 2>&1 || install_missing pip3:python3-pip

read -r index project < <("$here/lock_fixture.sh" "$cache/lock")
make_base
run=$cache/lock/run
WORK=$run
rm -rf "$run"
mkdir -p "$run"
serve_wheel_index "$index" "$run/index.log"
# serve_wheel_index's trap stops the server; bench/lib.sh's runs every exit step.
trap run_exit_steps EXIT
at_exit stop_wheel_index
cp -r "$project" "$run/project"
sed -i "s|http://index.invalid|$INDEX_URL|" "$run/project/requirements.txt"
wheels=$(find "$index/files" -name '*.whl' | wc -l)
wheel_bytes=$(find "$index/files" -name '*.whl' -printf '%s\n' | awk '{ s += $1 } END { print s }')

build=("$pycontainer" --quiet build --context "$run/project" --base-image "$base" --include-deps
       --lock "$run/project/requirements.txt" --index-url "$INDEX_URL/simple" --allow-missing-libraries
       --tag bench/lock:1)
at_exit rm -rf "$run/trash" "$run/target" "$run/cache" "$run/out"
for ((i = 1; i <= repeat; ++i)); do
  echo "bench: run $i of $repeat" >&2
  mkdir -p "$run/trash/$i"
  for output in target cache out; do
    [[ ! -e $run/$output ]] || mv "$run/$output" "$run/trash/$i/"
  done
  timed "$run/pip.cold" /usr/bin/python3 -m pip install --quiet --no-cache-dir --disable-pip-version-check \
    --root-user-action=ignore --no-deps --target "$run/target" -r "$run/project/requirements.txt"
  export XDG_CACHE_HOME=$run/cache
  timed "$run/pycontainer.cold" "${build[@]}" --output "$run/out"
  cold_digest=$(manifest_digest "$run/out" 1)
  requests=$(index_requests | wc -l)
  timed "$run/pycontainer.warm" "${build[@]}" --output "$run/out"
  expect_eq "$(manifest_digest "$run/out" 1)" "$cold_digest" "the warm rebuild's image"
  new_requests=$(($(index_requests | wc -l) - requests))
  ((new_requests == 0)) || fail "the warm rebuild asked the index $new_requests times: $(index_requests | tail -n "$new_requests")"
  unset XDG_CACHE_HOME
done
installed=$(du -sb "$run/target" | cut -f1)

row() {
  median "$2" | awk -v label="$1" '{ printf "%-58s %8.3f %8d\n", label, $1, $2 / 1024 }'
}
printf '\n%-58s %8s %8s\n' "$wheels wheels, $((wheel_bytes / 1000000)) MB ($((installed / 1000000)) MB installed), median of $repeat" seconds "RSS MB"
row "pip install --target --no-deps -r (hashed), cold" "$run/pip.cold"
row "pycontainer build --include-deps --lock, cold" "$run/pycontainer.cold"
row "pycontainer build, lock unchanged (0 index requests)" "$run/pycontainer.warm"
echo
target "cold build / pip install --target (5 x faster)" "$(ratio "$run/pycontainer.cold" "$run/pip.cold")" "<=" 0.2
