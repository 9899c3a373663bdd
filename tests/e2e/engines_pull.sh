#!/usr/bin/env bash
# Images reach the engines from a registry too: examples/hello pushed by `pycontainer push` to the plain
# test registry on 127.0.0.1 (which Docker and Podman may reach over HTTP), pulled by `docker pull` and
# `podman pull`, is the manifest we pushed and prints its greeting in both.
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
[[ -f $3/registry.env ]] || fail "the registry fixture did not start (no $3/registry.env)"
source "$3/registry.env"
# No credentials or settings from the machine.
export DOCKER_CONFIG=$WORK/docker-config HOME=$WORK/home
mkdir -p "$DOCKER_CONFIG" "$HOME"
echo '{}' >"$DOCKER_CONFIG/config.json" # Podman reads it too, and wants it there
use_podman

build_hello_image
image="$REGISTRY/pycontainer-test/hello:0.1.0"
"$PYCONTAINER" --quiet push "$WORK/image:0.1.0" "$image" >/dev/null || fail "pycontainer push to $image failed"
pushed=$(manifest_digest "$WORK/image" 0.1.0)

started=$(date +%s.%N)
docker pull --quiet "$image" >/dev/null || fail "docker pull $image failed"
echo "docker pull: $(elapsed_since "$started") s"
expect_eq "$(docker inspect --format '{{join .RepoDigests " "}}' "$image")" "$REGISTRY/pycontainer-test/hello@$pushed" \
  "the digest Docker pulled"
expect_eq "$(docker run --rm --network none "$image")" "$greeting" "the greeting in Docker"
docker rmi "$image" >/dev/null

started=$(date +%s.%N)
podman pull --quiet --tls-verify=false "$image" >/dev/null || fail "podman pull $image failed"
echo "podman pull: $(elapsed_since "$started") s"
expect_eq "$(podman inspect --format '{{.Digest}}' "$image")" "$pushed" "the digest Podman pulled"
expect_eq "$(podman run --rm --network none "$image")" "$greeting" "the greeting in Podman"
echo "PASS: $greeting (pulled from $REGISTRY by Docker and Podman)"
