#!/usr/bin/env bash
# A two-platform build (linux/amd64 + linux/arm64 on the two-platform base) in Docker: the docker-archive of
# each --load-platform loaded with `docker load` and run (arm64 through qemu binfmt), and `--load
# --load-platform linux/arm64` into the fixture's dockerd; each image prints its platform.machine().
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
require_arm64_emulation
base=$(python_multi_base)

mkdir -p "$WORK/project/machine"
printf '[project]\nname = "machine"\nversion = "1.0"\n[project.scripts]\nmachine = "machine.cli:main"\n' \
  >"$WORK/project/pyproject.toml"
touch "$WORK/project/machine/__init__.py"
printf 'import platform\n\n\ndef main():\n    print("machine:", platform.machine())\n' >"$WORK/project/machine/cli.py"

for arch in amd64 arm64; do
  image=pycontainer-test/machine:$arch
  "$PYCONTAINER" build --context "$WORK/project" --base-image "$base" -t "$image" \
    --platform linux/amd64,linux/arm64 --output "docker-archive:$WORK/docker-$arch.tar" \
    --load-platform "linux/$arch" >/dev/null 2>"$WORK/build-$arch.err" || fail "build failed: $(cat "$WORK/build-$arch.err")"
  expect_contains "$(cat "$WORK/build-$arch.err")" "(linux/$arch" "what the docker-archive output says"
  docker load --input "$WORK/docker-$arch.tar" >/dev/null || fail "docker load rejects the $arch docker-archive"
  expected=$([[ $arch == amd64 ]] && echo x86_64 || echo aarch64)
  expect_eq "$(docker image inspect --format '{{.Architecture}}' "$image")" "$arch" "the loaded image's architecture"
  expect_eq "$(docker run --rm --network none "$image" 2>/dev/null)" "machine: $expected" "the $arch image in Docker"
  echo "ok $arch: docker load + run print machine: $expected"
done

mkdir "$WORK/bin"
ln -s /usr/bin/docker "$WORK/bin/docker"
export DOCKER_HOST="unix://$(cat "$DOCKER_STATE/run_dir")/docker.sock"
image=pycontainer-test/machine:loaded
PATH=$WORK/bin:$PATH "$PYCONTAINER" build --context "$WORK/project" --base-image "$base" -t "$image" \
  --platform linux/amd64,linux/arm64 --output "$WORK/layout" --load --load-platform linux/arm64 >/dev/null \
  2>"$WORK/load.err" || fail "build --load failed: $(cat "$WORK/load.err")"
expect_contains "$(cat "$WORK/load.err")" "pycontainer: loaded $image into docker (linux/arm64)" "what --load says"
expect_eq "$(docker run --rm --network none "$image" 2>/dev/null)" "machine: aarch64" "the arm64 image --load loaded"
echo "PASS: docker load of each platform's docker-archive, build --load --load-platform linux/arm64"
