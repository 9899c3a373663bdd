#!/usr/bin/env bash
# Lock files (issue 16, reading and choosing): `--include-deps --dry-run` finds the lock of a project
# (tests/locks/: uv.lock, poetry.lock, pdm.lock, Pipfile.lock, pylock.toml, hashed requirements.txt),
# lists its packages for the target with the wheel each would be installed from, and touches nothing
# (no process, no connection, no write). --platform, --extra and --group change the choice; a package
# without a wheel for the target is an error naming its tags; each package says what a build would
# fetch. A build takes the lock: one whose index is not there fails naming the package and its URL,
# writing no image.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
require_tool strace strace
export XDG_CACHE_HOME=$WORK/cache
mkdir -p "$XDG_CACHE_HOME"

markupsafe_x86="markupsafe 2.1.5: MarkupSafe-2.1.5-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (cp311-cp311-manylinux_2_17_x86_64)"
for format in uv:uv.lock poetry:poetry.lock pdm:pdm.lock pipenv:Pipfile.lock pylock:pylock.toml \
              "requirements:hashed requirements"; do
  dir=${format%%:*} name=${format#*:}
  cp -r "$PYCONTAINER_SOURCE_DIR/tests/locks/$dir" "$WORK/$dir"
  trace_calls "$WORK/$dir.strace" execve,connect,openat,mkdir,mkdirat,rename,renameat,renameat2 \
    "$PYCONTAINER" build --context "$WORK/$dir" --base-image "$base" --include-deps --dry-run >"$WORK/$dir.plan"
  expect_eq "$(grep -c 'execve(' "$WORK/$dir.strace")" 1 "processes the $dir dry run started"
  ! grep -q 'connect(' "$WORK/$dir.strace" || fail "the $dir dry run connected: $(grep 'connect(' "$WORK/$dir.strace")"
  written=$(grep -E 'O_WRONLY|O_RDWR|O_CREAT|mkdir|rename' "$WORK/$dir.strace" | grep -v '"/dev/' || true)
  [[ -z $written ]] || fail "the $dir dry run wrote: $written"
  plan=$(cat "$WORK/$dir.plan")
  expect_contains "$plan" "Dependencies: $name $WORK/$dir/" "the $dir dry run"
  expect_contains "$plan" "from the lock it would install 4 packages:
  click 8.1.7: " "the $dir dry run"
  if [[ $dir == pipenv || $dir == requirements ]]; then
    expect_contains "$plan" "markupsafe 2.1.5: a wheel from index http://127.0.0.1:8080/simple with one of its 4 hashes" "the $dir dry run"
  else
    expect_contains "$plan" "$markupsafe_x86" "the $dir dry run"
  fi
  if [[ $dir == uv || $dir == pylock ]]; then
    expect_contains "$plan" "; would download from http://127.0.0.1:8080/files/click-8.1.7-py3-none-any.whl" "the $dir dry run"
  fi
  echo "ok $dir: $(grep -c '^  [a-z]* [0-9]' "$WORK/$dir.plan") packages listed"
done
[[ -z $(ls -A "$XDG_CACHE_HOME") ]] || fail "the dry runs wrote into the cache: $(find "$XDG_CACHE_HOME")"

# Another architecture, an extra and a group.
"$PYCONTAINER" build --context "$WORK/uv" --base-image "$base" --include-deps --dry-run --platform linux/arm64 \
  --extra socks --group dev >"$WORK/arm.plan"
plan=$(cat "$WORK/arm.plan")
expect_contains "$plan" "wheels for CPython 3.11, aarch64, glibc" "the arm64 dry run"
expect_contains "$plan" "markupsafe 2.1.5: MarkupSafe-2.1.5-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl" "the arm64 dry run"
expect_contains "$plan" "pysocks 1.7.1: PySocks-1.7.1-py3-none-any.whl" "the arm64 dry run"
expect_contains "$plan" "pytest 8.0.0: pytest-8.0.0-py3-none-any.whl" "the arm64 dry run"

# --lock names a lock anywhere; with a Python the wheels do not fit, the package is named with its tags.
# For another architecture than the host's, that is an error; for the host's, its pip builds the sdist.
expect_refused no-wheel "package markupsafe 2.1.5 (pdm.lock:" \
  --context "$WORK/uv" --base-image python:3.9-slim --lock "$WORK/pdm/pdm.lock" --dry-run --platform linux/arm64
expect_contains "$(cat "$WORK/no-wheel.err")" "for CPython 3.9, aarch64, glibc" "the no-wheel error"
expect_contains "$(cat "$WORK/no-wheel.err")" "cp311-cp311-manylinux_2_17_x86_64.cp311-cp311-manylinux2014_x86_64" "the no-wheel error"
if [[ $(uname -m) == x86_64 ]]; then
  "$PYCONTAINER" build --context "$WORK/uv" --base-image python:3.9-slim --lock "$WORK/pdm/pdm.lock" --dry-run \
    >"$WORK/host-build.plan"
  expect_contains "$(cat "$WORK/host-build.plan")" \
    "markupsafe 2.1.5: MarkupSafe-2.1.5.tar.gz (no wheel fits: the host's pip builds one)" "the host-build dry run"
fi
mkdir -p "$WORK/broken"
cp "$WORK/uv/app.py" "$WORK/broken/"
printf 'version = 1\n[[package]\n' >"$WORK/broken/uv.lock"
expect_refused broken "$WORK/broken/uv.lock:2:" --context "$WORK/broken" --base-image "$base" --include-deps --dry-run

# A build installs the lock: with nothing serving its URLs, the error names the package and the URL.
status=0
"$PYCONTAINER" build --context "$WORK/uv" --base-image "$base" --lock "$WORK/uv/uv.lock" --output "$WORK/out-lock" \
  >"$WORK/build-lock.out" 2>"$WORK/build-lock.err" || status=$?
[[ $status != 0 ]] || fail "a lock whose files nothing serves was built"
expect_contains "$(cat "$WORK/build-lock.err")" "package click 8.1.7 (uv.lock:" "the build error"
expect_contains "$(cat "$WORK/build-lock.err")" "http://127.0.0.1:8080/files/click-8.1.7-py3-none-any.whl" "the build error"
[[ ! -e $WORK/out-lock ]] || fail "the failed lock build wrote $WORK/out-lock"
echo "ok build-lock (exit $status): $(cat "$WORK/build-lock.err")"
echo "PASS"
