#!/usr/bin/env bash
# A two-platform image through the registry into Docker: an application built for linux/amd64 and
# linux/arm64 on the two-platform base (python-multi-base) and pushed by `build --push` to the plain
# test registry, pulled per platform by `docker pull --platform`: each pull is the pushed index's image
# for that platform (Docker's image id is its config's digest), runs with --network none (arm64 under
# qemu binfmt) printing its platform.machine(), and has its SBOM beside the tag (<tag>.linux-arm64.sbom).
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
require_arm64_emulation
[[ -f $3/registry.env ]] || fail "the registry fixture did not start (no $3/registry.env)"
source "$3/registry.env"
export DOCKER_CONFIG=$WORK/docker-config HOME=$WORK/home
mkdir -p "$DOCKER_CONFIG" "$HOME"
echo '{}' >"$DOCKER_CONFIG/config.json"
require_tool skopeo skopeo

# An application printing its platform.machine(), built for both platforms of the two-platform base
# with an SBOM per image and pushed by the build (build --push: the index, then each platform's SBOM).
mkdir -p "$WORK/app/machine"
printf '[project]\nname = "machine"\nversion = "1.0"\n' > "$WORK/app/pyproject.toml"
touch "$WORK/app/machine/__init__.py"
echo 'import platform; print(platform.machine())' > "$WORK/app/machine/__main__.py"
image="$REGISTRY/pycontainer-test/machine:1"
"$PYCONTAINER" build --context "$WORK/app" --base-image "$(python_multi_base)" --platform linux/amd64,linux/arm64 \
  --entrypoint 'python3 -m machine' --sbom spdx --tag "$image" --push --output "$WORK/image" \
  >"$WORK/push.out" 2>"$WORK/push.err" || fail "build --push: $(cat "$WORK/push.err")"
layout=$WORK/image:1
layout_dir=$WORK/image
index=$("$PYCONTAINER" inspect --json "$layout" | json_get /dev/stdin 'd["index_digest"]')
expect_contains "$(cat "$WORK/push.out")" "$image@$index" "the index pushed"
skopeo inspect --raw --tls-verify=false "docker://$image" > "$WORK/raw.json"
expect_eq "sha256:$(sha256sum < "$WORK/raw.json" | cut -d' ' -f1)" "$index" "the registry's index"

for pair in amd64:x86_64 arm64:aarch64; do
  arch=${pair%%:*} machine=${pair#*:}
  manifest=$("$PYCONTAINER" inspect --json --platform "linux/$arch" "$layout" | json_get /dev/stdin 'd["manifest_digest"]')
  config=$(json_get "$layout_dir/blobs/sha256/${manifest#sha256:}" 'd["config"]["digest"]')
  started=$(date +%s.%N)
  docker pull --quiet --platform "linux/$arch" "$image" >/dev/null || fail "docker pull --platform linux/$arch $image failed"
  echo "docker pull --platform linux/$arch: $(elapsed_since "$started") s"
  expect_eq "$(docker image inspect --format '{{.Id}}' "$image")" "$config" "the $arch image Docker pulled"
  expect_eq "$(docker image inspect --format '{{.Os}}/{{.Architecture}}' "$image")" "linux/$arch" "its platform"
  expect_eq "$(docker image inspect --format '{{join .RepoDigests " "}}' "$image")" \
    "$REGISTRY/pycontainer-test/machine@$index" "pulled through the index"
  started=$(date +%s.%N)
  output=$(docker run --rm --network none --platform "linux/$arch" "$image") || fail "docker run of the $arch image failed"
  echo "docker run linux/$arch: $(elapsed_since "$started") s"
  expect_eq "$output" "$machine" "platform.machine() in the $arch image"
  docker rmi "$image" >/dev/null
  # its SBOM, pushed beside the image's tag
  skopeo inspect --raw --tls-verify=false "docker://$image.linux-$arch.sbom" > "$WORK/sbom-$arch.json" ||
    fail "no SBOM $image.linux-$arch.sbom in the registry"
  expect_eq "$(json_get "$WORK/sbom-$arch.json" 'd["subject"]["digest"]')" "$manifest" "the subject of the $arch SBOM"
done
echo "PASS: $image (an index of linux/amd64 and linux/arm64) built, pushed, pulled and run per platform"
