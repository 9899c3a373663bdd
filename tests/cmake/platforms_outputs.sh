#!/usr/bin/env bash
# platforms_outputs.sh GENERATOR WORK: pycontainer_image(... PLATFORMS linux/amd64 linux/arm64) with SBOM and
# OUTPUT_ARCHIVE, on the two-platform base, with dependencies from a lock (a wheel in FIND_LINKS) and a
# FILES group for arm64 alone. The layout holds one SPDX SBOM per platform (<tag>.linux-arm64.sbom, as
# `pycontainer build --platform A,B --sbom` names them), each about its platform's image and naming the
# lock's distribution; the oci-archive is the index of both platforms (skopeo inspect --raw); a
# docker-archive holds LOAD_PLATFORM's image (linux/arm64), or this machine's without it, as the build says.
# A second build does nothing; a changed application file repacks the application layer (of each
# platform) and rewrites the index, its archive and SBOMs; a changed arm64 file rebuilds arm64's chain alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
generator=$1
fresh_work_dir "$2"
require_arm64_emulation
require_tool skopeo skopeo
make_wheel=$PYCONTAINER_SOURCE_DIR/tests/integration/wheel_index/make_wheel.py

source_dir=$WORK/src
mkdir -p "$source_dir/app/machine" "$WORK/links" "$WORK/pkg"
printf '[project]\nname = "machine"\nversion = "1.0"\n' >"$source_dir/app/pyproject.toml"
echo 'import platform; print(platform.machine())' >"$source_dir/app/machine/__main__.py"
touch "$source_dir/app/machine/__init__.py"
echo 'arm64 data 1' >"$source_dir/arm64.txt"
printf 'VERSION = "1.0"\n' >"$WORK/pkg/__init__.py"
wheel=$(python3 "$make_wheel" "$WORK/links" --name lockdep --version 1.0 --tag py3-none-any \
  "$WORK/pkg/__init__.py=lockdep/__init__.py")
write_pylock "$source_dir/pylock.toml" "lockdep|1.0|{url = \"https://files.example.invalid/$(basename "$wheel")\", \
hashes = {sha256 = \"$(sha256sum "$wheel" | cut -d' ' -f1)\"}}"
cat >"$source_dir/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(platforms_outputs LANGUAGES NONE)
find_package(PyContainer REQUIRED)
set(common CONTEXT app BASE_IMAGE "${MULTI_BASE}" PLATFORMS linux/amd64 linux/arm64
    INCLUDE_DEPS LOCK pylock.toml FIND_LINKS "${LINKS}" ENTRYPOINT python3 -m machine
    FILES arm64.txt DESTINATION /app/data PLATFORM linux/arm64)
pycontainer_image(multi_image ${common} TAG outputs:1 SBOM spdx OUTPUT_ARCHIVE oci-archive:multi.tar ALL)
pycontainer_image(arm_image ${common} TAG outputs/arm:1 OUTPUT_ARCHIVE docker-archive:arm.tar LOAD_PLATFORM linux/arm64 ALL)
pycontainer_image(host_image ${common} TAG outputs/host:1 OUTPUT_ARCHIVE docker-archive:host.tar ALL)
CMAKE
configure "$source_dir" "$WORK/build" "$generator" "-DMULTI_BASE=$(python_multi_base)" "-DLINKS=$WORK/links"
build "$WORK/build"
expect_contains "$BUILD_LOG" "Writing the image index of arm_image (linux/amd64 linux/arm64) and its linux/arm64 image as docker-archive $WORK/build/arm.tar" \
  "what the build says of LOAD_PLATFORM's docker-archive"
expect_contains "$BUILD_LOG" "Writing the image index of host_image (linux/amd64 linux/arm64) and its image for this machine's platform as docker-archive" \
  "what the build says of the default docker-archive"
layout=$WORK/build/multi_image.oci
digest_file=$WORK/build/multi_image.pycontainer/digest

# check_outputs: the oci-archive is the index the digest file names, of both platforms; each platform's
# SBOM in the layout (and the archive) is about that platform's image and names the lock's distribution.
check_outputs() {
  skopeo inspect --raw "oci-archive:$WORK/build/multi.tar:1" >"$WORK/index.json" || fail "skopeo cannot read the oci-archive"
  expect_eq "sha256:$(sha256sum <"$WORK/index.json" | cut -d' ' -f1)" "$(cat "$digest_file")" "the oci-archive's index"
  expect_eq "$(json_get "$WORK/index.json" '" ".join(m["platform"]["architecture"] for m in d["manifests"])')" "amd64 arm64" \
    "the oci-archive's platforms"
  tar -xOf "$WORK/build/multi.tar" index.json >"$WORK/archive-names.json"
  python3 - "$layout" "$WORK/index.json" "$WORK/archive-names.json" <<'PY' || fail "the SBOMs of the platforms (above)"
import json, sys
layout, index_file, archive_file = sys.argv[1:]
blob = lambda digest: json.load(open(f"{layout}/blobs/sha256/{digest.split(':')[1]}"))
names = {m["annotations"].get("org.opencontainers.image.ref.name"): m for m in json.load(open(f"{layout}/index.json"))["manifests"]}
archived = {m["annotations"].get("org.opencontainers.image.ref.name") for m in json.load(open(archive_file))["manifests"]}
for entry in json.load(open(index_file))["manifests"]:
    arch = entry["platform"]["architecture"]
    name = f"1.linux-{arch}.sbom"
    assert name in names, f"no {name} in the layout: {sorted(names)}"
    assert name in archived, f"no {name} in the oci-archive: {sorted(archived)}"
    artifact = blob(names[name]["digest"])
    assert artifact["subject"]["digest"] == entry["digest"], f"{name} is about {artifact['subject']['digest']}, not {entry['digest']}"
    document = blob(artifact["layers"][0]["digest"])
    packages = {p["name"]: p.get("versionInfo") for p in document["packages"]}
    assert packages.get("lockdep") == "1.0", f"{name} lacks lockdep 1.0: {sorted(packages)}"
    assert "machine" in packages, f"{name} lacks the application: {sorted(packages)}"
    print(f"ok {name}: about {entry['digest'][:19]}, {len(packages)} packages")
PY
}
check_outputs
expect_eq "$(skopeo inspect --format '{{.Architecture}}' "docker-archive:$WORK/build/arm.tar")" "arm64" "LOAD_PLATFORM's docker-archive"
expect_eq "$(skopeo inspect --format '{{.Architecture}}' "docker-archive:$WORK/build/host.tar")" "amd64" \
  "the docker-archive of this machine's platform"
tar -xOf "$WORK/build/arm.tar" manifest.json >"$WORK/manifest.json"
expect_eq "$(json_get "$WORK/manifest.json" 'd[0]["RepoTags"]')" "['docker.io/outputs/arm:1']" "the docker-archive's RepoTags"

build "$WORK/build"
expect_no_op "$generator" "a second build"

sleep 1 # coarse file times on some file systems
echo 'import platform; print("machine:", platform.machine())' >"$source_dir/app/machine/__main__.py"
build "$WORK/build" --target multi_image
expect_steps "$(printf '%s\n' "Assembling the linux/amd64 image of multi_image" "Assembling the linux/arm64 image of multi_image" \
  "Packing the application layer of multi_image-linux-amd64" "Packing the application layer of multi_image-linux-arm64" \
  "Writing the image index of multi_image")" "an application file changed"
check_outputs

sleep 1
archive_before=$(sha256sum <"$WORK/build/arm.tar")
amd64_before=$(json_get "$WORK/index.json" '[m["digest"] for m in d["manifests"] if m["platform"]["architecture"] == "amd64"][0]')
echo 'arm64 data 2' >"$source_dir/arm64.txt"
build "$WORK/build" --target multi_image
expect_steps "$(printf '%s\n' "Assembling the linux/arm64 image of multi_image" "Packing layer files-0-linux-arm64 of multi_image" \
  "Writing the image index of multi_image")" "the arm64 file changed"
check_outputs
expect_eq "$(json_get "$WORK/index.json" '[m["digest"] for m in d["manifests"] if m["platform"]["architecture"] == "amd64"][0]')" \
  "$amd64_before" "the amd64 image after the arm64 file changed"
build "$WORK/build" # the other images catch up
[[ $(sha256sum <"$WORK/build/arm.tar") != "$archive_before" ]] || fail "the docker-archive was not rewritten with the index"
skopeo copy --quiet "docker-archive:$WORK/build/arm.tar" "oci:$WORK/arm-copy:1"
unpack_image "$WORK/arm-copy" 1 "$WORK/bundle"
expect_eq "$(cat "$WORK/bundle/rootfs/app/data/arm64.txt")" "arm64 data 2" "the arm64 file in the rewritten docker-archive"
build "$WORK/build"
expect_no_op "$generator" "a build after the changes"
echo "PASS: SBOM and OUTPUT_ARCHIVE of a PLATFORMS image, incremental"
