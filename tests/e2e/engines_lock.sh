#!/usr/bin/env bash
# One lock, two platforms, in Docker (issue 16): the wheel index fixture's uv.lock, built from the served
# index for linux/amd64 on the tests' base and for linux/arm64 on the arm64 base (tests/integration's
# fixtures; the wheels downloaded from the served index), each loaded into the fixture's daemon as a docker-archive and run (arm64 under qemu binfmt):
# both import the C extension fastsum, the x86_64 and the aarch64 build of it, and run the console script.
# A build for arm64 of a lock with an sdist-only package is an error naming it, writing nothing.
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
require_arm64_emulation
serve_wheel_index "$PYCONTAINER_FIXTURES/wheel-index"
lock_project uv "$WORK/app"
arm64_base=oci:$PYCONTAINER_FIXTURES/python-arm64-base:$(cut -d: -f2 "$PYCONTAINER_FIXTURES/python-arm64-base.ref")

for platform in amd64:x86_64:$base arm64:aarch64:$arm64_base; do
  arch=${platform%%:*} rest=${platform#*:}
  machine=${rest%%:*} platform_base=${rest#*:}
  "$PYCONTAINER" --quiet build --context "$WORK/app" --base-image "$platform_base" --include-deps \
    --lock "$WORK/app/uv.lock" --platform "linux/$arch" --tag "lock:$arch" --output "$WORK/image" >/dev/null
  docker_archive "$WORK/image" "$arch" "$WORK/$arch.tar" "pycontainer-test/lock:$arch"
  docker load --quiet --input "$WORK/$arch.tar" >/dev/null
  expect_eq "$(docker image inspect --format '{{.Architecture}}' "pycontainer-test/lock:$arch")" "$arch" \
    "the architecture Docker gives the $arch image"
  output=$(docker run --rm --network none --platform "linux/$arch" "pycontainer-test/lock:$arch")
  expect_eq "$output" "[hello, lock] 45 $machine" "the $arch image's output in Docker"
  output=$(docker run --rm --network none --platform "linux/$arch" --entrypoint greet "pycontainer-test/lock:$arch" docker)
  expect_eq "$output" "[hello, docker]" "greet in the $arch image in Docker"
  docker rmi --force "pycontainer-test/lock:$arch" >/dev/null
  echo "ok $arch: $output"
done
# A build for arm64 of a lock with the sdist-only srconly: this host cannot build it for arm64.
lock_project sdist "$WORK/sdist"
expect_refused sdist "package srconly 0.1.0 (pylock.toml:" --context "$WORK/sdist" --base-image "$arm64_base" \
  --include-deps --lock "$WORK/sdist/pylock.toml" --platform linux/arm64
expect_contains "$(cat "$WORK/sdist.err")" "its files: srconly-0.1.0.tar.gz" "the sdist-only error"
echo "PASS: one uv.lock, linux/amd64 and linux/arm64 images run in Docker with their fastsum"
