#!/usr/bin/env bash
# platforms_push.sh STATE WORK: <name>_push of a pycontainer_image(... PLATFORMS linux/amd64 linux/arm64)
# pushes the index and both images to every TAG of a real registry: skopeo reads back an index of both
# platforms with the digest the build wrote, `pycontainer pull --platform linux/arm64` gets the arm64
# image (its arm64-only FILES layer included) and skopeo's --override-arch amd64 the other; a build
# after the push does nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
state=$1
fresh_work_dir "$2"
require_arm64_emulation
require_tool skopeo skopeo
[[ -f $state/registry.env ]] || fail "the registry fixture did not start (no $state/registry.env)"
source "$state/registry.env"
export XDG_CACHE_HOME=$WORK/cache DOCKER_CONFIG=$WORK/docker-config
mkdir -p "$DOCKER_CONFIG"

mkdir -p "$WORK/src/app/machine"
printf '[project]\nname = "machine"\nversion = "1.0"\n' >"$WORK/src/app/pyproject.toml"
echo 'import platform; print(platform.machine())' >"$WORK/src/app/machine/__main__.py"
touch "$WORK/src/app/machine/__init__.py"
echo 'for arm64' >"$WORK/src/arm64.txt"
cat >"$WORK/src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(platforms_push LANGUAGES NONE)
find_package(PyContainer REQUIRED)
pycontainer_image(machine_image CONTEXT app BASE_IMAGE "$(python_multi_base)" PLATFORMS linux/amd64 linux/arm64
                  TAG $REGISTRY/cmake/machine:1 $REGISTRY/cmake/machine:latest ENTRYPOINT python3 -m machine
                  FILES arm64.txt DESTINATION /app/data PLATFORM linux/arm64 PUSH)
CMAKE
configure "$WORK/src" "$WORK/build" Ninja
build "$WORK/build" --target machine_image_push
digest=$(cat "$WORK/build/machine_image.pycontainer/digest")
for tag in 1 latest; do
  skopeo inspect --tls-verify=false --raw "docker://$REGISTRY/cmake/machine:$tag" >"$WORK/index-$tag.json" ||
    fail "skopeo cannot read cmake/machine:$tag"
  expect_eq "sha256:$(sha256sum <"$WORK/index-$tag.json" | cut -d' ' -f1)" "$digest" "the digest of cmake/machine:$tag"
  expect_eq "$(json_get "$WORK/index-$tag.json" 'd["mediaType"]')" "application/vnd.oci.image.index.v1+json" \
    "the media type of cmake/machine:$tag"
  expect_eq "$(json_get "$WORK/index-$tag.json" '" ".join(m["platform"]["os"] + "/" + m["platform"]["architecture"] for m in d["manifests"])')" \
    "linux/amd64 linux/arm64" "the platforms of cmake/machine:$tag"
done

"$PYCONTAINER" --quiet pull --platform linux/arm64 "$REGISTRY/cmake/machine:1" \
  --output "$WORK/arm64" >/dev/null || fail "pycontainer pull --platform linux/arm64 failed"
"$PYCONTAINER" inspect --json "$WORK/arm64" >"$WORK/arm64.json"
expect_eq "$(json_get "$WORK/arm64.json" 'd["platform"]')" "linux/arm64" "the pulled arm64 image"
unpack_image "$WORK/arm64" 1 "$WORK/bundle-arm64"
expect_eq "$(cat "$WORK/bundle-arm64/rootfs/app/data/arm64.txt")" "for arm64" "arm64's own FILES layer, pulled"
skopeo inspect --tls-verify=false --override-os linux --override-arch amd64 --config "docker://$REGISTRY/cmake/machine:1" \
  >"$WORK/amd64-config.json"
expect_eq "$(json_get "$WORK/amd64-config.json" 'd["architecture"]')" "amd64" "the amd64 image skopeo picks"

build "$WORK/build" --target machine_image
expect_no_op Ninja "a build after the push"
echo "PASS: <name>_push of a PLATFORMS image"
