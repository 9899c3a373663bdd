#!/usr/bin/env bash
# Locks against a served index (issue 16): the wheel index fixture's project locked in every format
# (uv.lock, poetry.lock made by Poetry, pdm.lock, Pipfile.lock, pylock.toml, hashed requirements.txt),
# each dry-run with --lock for linux/amd64 and linux/arm64: the three packages are listed and fastsum's
# x86_64 or aarch64 wheel is chosen (the formats that name no files, Pipfile.lock and requirements.txt,
# leave the choice to the index and give its hashes); the sdist-only srconly for arm64 is an error naming it
# and its files. A dry run asks the index nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
export XDG_CACHE_HOME=$WORK/cache
serve_wheel_index "$PYCONTAINER_FIXTURES/wheel-index"

wheel_86=fastsum-0.3.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
wheel_arm=fastsum-0.3.0-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl
for format in uv:uv.lock poetry:poetry.lock pdm:pdm.lock pipenv:Pipfile.lock pylock:pylock.toml \
              requirements:requirements.txt; do
  dir=${format%%:*} lock=${format#*:}
  lock_project "$dir" "$WORK/$dir"
  for platform in amd64:x86_64:$wheel_86 arm64:aarch64:$wheel_arm; do
    IFS=: read -r arch machine wheel <<<"$platform"
    "$PYCONTAINER" build --context "$WORK/$dir" --base-image "$base" --include-deps --dry-run \
      --lock "$WORK/$dir/$lock" --platform "linux/$arch" >"$WORK/$dir-$arch.plan" 2>"$WORK/$dir-$arch.err" ||
      fail "the $dir dry run for $arch failed: $(cat "$WORK/$dir-$arch.err")"
    plan=$(cat "$WORK/$dir-$arch.plan")
    expect_contains "$plan" "wheels for CPython 3.11, $machine, glibc" "the $dir dry run for $arch"
    expect_contains "$plan" "from the lock it would install 3 packages:" "the $dir dry run for $arch"
    expect_contains "$plan" "color-kit 1.2.0: " "the $dir dry run for $arch"
    if [[ $dir == pipenv || $dir == requirements ]]; then
      expect_contains "$plan" "greeting 1.0.0: a wheel from index $INDEX_URL/simple with its hash; would be chosen from index $INDEX_URL/simple (the lock's source)" \
        "the $dir dry run for $arch"
      expect_contains "$plan" "fastsum 0.3.0: a wheel from index $INDEX_URL/simple with one of its 2 hashes" \
        "the $dir dry run for $arch"
    else
      expect_contains "$plan" "greeting 1.0.0: greeting-1.0.0-py3-none-any.whl (py3-none-any)" "the $dir dry run for $arch"
      expect_contains "$plan" "fastsum 0.3.0: $wheel (cp311-cp311-manylinux_2_17_$machine)" "the $dir dry run for $arch"
    fi
    echo "ok $dir $arch"
  done
done
# The sdist-only srconly for arm64 (which this amd64 host cannot build): an error naming it and its files.
lock_project sdist "$WORK/sdist"
expect_refused sdist "package srconly 0.1.0 (pylock.toml:" --context "$WORK/sdist" --base-image "$base" \
  --include-deps --lock "$WORK/sdist/pylock.toml" --platform linux/arm64 --dry-run
expect_contains "$(cat "$WORK/sdist.err")" "only a source distribution for CPython 3.11, aarch64, glibc" "the sdist-only error"
expect_contains "$(cat "$WORK/sdist.err")" "its files: srconly-0.1.0.tar.gz" "the sdist-only error"
[[ -z $(index_requests) ]] || fail "a dry run asked the index for: $(index_requests)"
echo "PASS"
