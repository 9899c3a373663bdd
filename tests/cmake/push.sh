#!/usr/bin/env bash
# push.sh STATE WORK: a project whose BASE_IMAGE is in a real registry (pulled by the base step) and
# whose image is pushed there by the <name>_push target; skopeo reads back the digest the build wrote.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
state=$1
fresh_work_dir "$2"
[[ -f $state/registry.env ]] || fail "the registry fixture did not start (no $state/registry.env)"
source "$state/registry.env"
export XDG_CACHE_HOME=$WORK/cache DOCKER_CONFIG=$WORK/docker-config
mkdir -p "$DOCKER_CONFIG"

base=$(python_base)
base_dir=${base#oci:}
skopeo copy --quiet --dest-tls-verify=false "oci:$base_dir" "docker://$REGISTRY/cmake/python:3.11-slim"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/hello"
cat > "$WORK/hello/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(push_test LANGUAGES NONE)
find_package(PyContainer REQUIRED)
pycontainer_image(hello_image CONTEXT . BASE_IMAGE $REGISTRY/cmake/python:3.11-slim
                  TAG $REGISTRY/cmake/hello:1 $REGISTRY/cmake/hello:latest EXCLUDE CMakeLists.txt PUSH)
CMAKE
cmake -S "$WORK/hello" -B "$WORK/build" -G Ninja -DCMAKE_PREFIX_PATH="$PYCONTAINER_PREFIX" > "$WORK/configure.log" 2>&1 ||
  { cat "$WORK/configure.log"; fail "configure failed"; }
build "$WORK/build" --target hello_image_push
digest=$(cat "$WORK/build/hello_image.pycontainer/digest")
for tag in 1 latest; do
  pushed=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/cmake/hello:$tag")
  expect_eq "$pushed" "$digest" "the digest skopeo reads for cmake/hello:$tag"
done
skopeo inspect --tls-verify=false --config "docker://$REGISTRY/cmake/hello:1" > "$WORK/config.json"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["org.opencontainers.image.title"]')" "hello" "pushed config"

build "$WORK/build" --target hello_image
expect_no_op Ninja "a build after the push"
build "$WORK/build" --target hello_image_refresh_base
expect_contains "$BUILD_LOG" "Resolving the base image of hello_image again" "refresh_base"
echo "PASS"
