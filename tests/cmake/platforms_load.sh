#!/usr/bin/env bash
# platforms_load.sh WORK DOCKER-STATE: <name>_load of a pycontainer_image(... PLATFORMS linux/amd64
# linux/arm64) into the fixture's dockerd: without LOAD_PLATFORM the engine's platform's image (amd64),
# with LOAD_PLATFORM linux/arm64 the arm64 one, which runs under qemu binfmt; each prints its
# platform.machine() (an ENTRYPOINT of a long word with semicolons) and its arm64-only FILES group is in
# the arm64 image alone.
set -euo pipefail
source "$(dirname "$0")/../e2e/engines_lib.sh"
source "$(dirname "$0")/lib.sh"
start_engine_test "$1" "$2"
require_arm64_emulation

mkdir -p "$WORK/src/app/machine"
printf '[project]\nname = "machine"\nversion = "1.0"\n' >"$WORK/src/app/pyproject.toml"
touch "$WORK/src/app/machine/__init__.py"
echo 'for arm64' >"$WORK/src/arm64.txt"
cat >"$WORK/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(platforms_load LANGUAGES NONE)
find_package(PyContainer REQUIRED)
set(common CONTEXT app BASE_IMAGE "${MULTI_BASE}" PLATFORMS linux/amd64 linux/arm64
    FILES arm64.txt DESTINATION /app/data PLATFORM linux/arm64)
# A long word with semicolons: string(JSON) would write the array on several lines.
set(program "import os, platform; print('machine:', platform.machine(), 'data:', os.path.exists('/app/data/arm64.txt'))")
pycontainer_image(engine_image ${common} TAG pycontainer-test/cmake-machine:engine ENTRYPOINT python3 -c "${program}")
pycontainer_image(arm_image ${common} TAG pycontainer-test/cmake-machine:arm64 LOAD_PLATFORM linux/arm64
                  ENTRYPOINT python3 -c "${program}")
CMAKE
configure "$WORK/src" "$WORK/build" Ninja "-DMULTI_BASE=$(python_multi_base)"

# pycontainer finds the docker CLI on PATH and the fixture's daemon through DOCKER_HOST.
mkdir "$WORK/bin"
ln -s /usr/bin/docker "$WORK/bin/docker"
export PATH=$WORK/bin:$PATH DOCKER_HOST="unix://$(cat "$DOCKER_STATE/run_dir")/docker.sock"
for pair in engine:amd64:x86_64:False arm64:arm64:aarch64:True; do
  IFS=: read -r tag arch machine data <<<"$pair"
  image=pycontainer-test/cmake-machine:$tag
  target=$([[ $tag == engine ]] && echo engine_image_load || echo arm_image_load)
  build "$WORK/build" --target "$target"
  expect_contains "$BUILD_LOG" "cmake-machine:$tag into docker (linux/$arch)" "what $target says"
  expect_eq "$(docker image inspect --format '{{.Architecture}}' "$image")" "$arch" "the architecture $target loaded"
  expect_eq "$(docker run --rm --network none "$image" 2>/dev/null)" "machine: $machine data: $data" "the $arch image in Docker"
  echo "ok $target: $arch, prints machine: $machine"
done
echo "PASS: <name>_load of a PLATFORMS image, the engine's platform and LOAD_PLATFORM's"
