#!/usr/bin/env bash
# A two-platform image through the registry into Docker: the python-multi-base fixture (linux/amd64 and
# linux/arm64 in one image index) pushed by `pycontainer push`, pulled per platform by `docker pull
# --platform` from the plain test registry: each pull is the pushed index's image for that platform
# (Docker's image id is its config's digest), and runs with --network none (arm64 under qemu binfmt)
# printing its platform.machine().
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
require_arm64_emulation
[[ -f $3/registry.env ]] || fail "the registry fixture did not start (no $3/registry.env)"
source "$3/registry.env"
export DOCKER_CONFIG=$WORK/docker-config HOME=$WORK/home
mkdir -p "$DOCKER_CONFIG" "$HOME"
echo '{}' >"$DOCKER_CONFIG/config.json"

multi=$(python_multi_base)
layout=${multi#oci:}
layout_dir=${layout%:*}
image="$REGISTRY/pycontainer-test/multi:1"
"$PYCONTAINER" push "$layout" "$image" >"$WORK/push.out" 2>"$WORK/push.err" || fail "push: $(cat "$WORK/push.err")"
index=$("$PYCONTAINER" inspect --json "$layout" | json_get /dev/stdin 'd["index_digest"]')
expect_contains "$(cat "$WORK/push.out")" "$image@$index" "the index pushed"

# config_of ARCH: the config digest of the index's image for ARCH.
config_of() {
  "$PYCONTAINER" inspect --json --platform "linux/$1" "$layout" >"$WORK/inspect-$1.json"
  manifest=$(json_get "$WORK/inspect-$1.json" 'd["manifest_digest"]')
  json_get "$layout_dir/blobs/sha256/${manifest#sha256:}" 'd["config"]["digest"]'
}

for pair in amd64:x86_64 arm64:aarch64; do
  arch=${pair%%:*} machine=${pair#*:}
  started=$(date +%s.%N)
  docker pull --quiet --platform "linux/$arch" "$image" >/dev/null || fail "docker pull --platform linux/$arch $image failed"
  echo "docker pull --platform linux/$arch: $(elapsed_since "$started") s"
  expect_eq "$(docker image inspect --format '{{.Id}}' "$image")" "$(config_of "$arch")" "the $arch image Docker pulled"
  expect_eq "$(docker image inspect --format '{{.Os}}/{{.Architecture}}' "$image")" "linux/$arch" "its platform"
  expect_eq "$(docker image inspect --format '{{join .RepoDigests " "}}' "$image")" \
    "$REGISTRY/pycontainer-test/multi@$index" "pulled through the index"
  started=$(date +%s.%N)
  output=$(docker run --rm --network none --platform "linux/$arch" "$image" \
    python3 -c 'import platform; print(platform.machine())') || fail "docker run of the $arch image failed"
  echo "docker run linux/$arch: $(elapsed_since "$started") s"
  expect_eq "$output" "$machine" "platform.machine() in the $arch image"
  docker rmi "$image" >/dev/null
done
echo "PASS: $image (an index of linux/amd64 and linux/arm64) pulled and run per platform"
