#!/usr/bin/env bash
# build's own archives in real engines: `docker load` of its docker-archive, `podman load` of its
# oci-archive, and `build --load` into the fixture's dockerd; each loaded image runs and prints the greeting.
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
use_podman

build_hello_image
image=pycontainer-test/outputs:1
"$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$base" -t "$image" \
  --output "oci-archive:$WORK/hello-oci.tar" --output "docker-archive:$WORK/hello-docker.tar" >/dev/null

docker load --input "$WORK/hello-docker.tar" >"$WORK/docker-load.out" || fail "docker load rejects our docker-archive"
expect_contains "$(cat "$WORK/docker-load.out")" "Loaded image: $image" "docker load"
expect_eq "$(docker run --rm --network none "$image")" "$greeting" "the docker-archive's image in Docker"
docker rmi "$image" >/dev/null

podman load --input "$WORK/hello-oci.tar" >"$WORK/podman-load.out" || fail "podman load rejects our oci-archive"
podman tag "$(podman images --quiet | head -1)" "localhost/$image"
expect_eq "$(podman run --rm --network none "localhost/$image")" "$greeting" "the oci-archive's image in Podman"

# --load finds the fixture's daemon through DOCKER_HOST and Debian's docker CLI, which matches it.
mkdir "$WORK/bin"
ln -s /usr/bin/docker "$WORK/bin/docker"
export DOCKER_HOST="unix://$(cat "$DOCKER_STATE/run_dir")/docker.sock"
PATH=$WORK/bin:$PATH "$PYCONTAINER" build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$base" \
  -t "$image" --output "$WORK/layout" --load --metadata-file "$WORK/meta.json" >/dev/null 2>"$WORK/load.err" ||
  fail "build --load failed: $(cat "$WORK/load.err")"
expect_contains "$(cat "$WORK/load.err")" "pycontainer: loaded $image into docker (linux/amd64)" "what --load says"
expect_eq "$(json_get "$WORK/meta.json" '[o["engine"] for o in d["outputs"] if o["type"] == "load"]')" "['docker']" "the load in the metadata"
expect_eq "$(docker run --rm --network none "$image")" "$greeting" "the image --load loaded into Docker"
echo "PASS: docker load, podman load, build --load: $greeting"
