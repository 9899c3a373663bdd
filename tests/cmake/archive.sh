#!/usr/bin/env bash
# archive.sh WORK: OUTPUT_ARCHIVE writes a docker-archive (docker-archive:<file>) and an oci-archive (a
# plain <file>) beside the layout, named by the PYCONTAINER_ARCHIVE property; skopeo reads both; a second
# build does nothing; <name>_load is defined and never built by ALL; an unknown kind fails the configure.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_tool skopeo skopeo
mkdir -p "$WORK/source"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/source/hello"
cat > "$WORK/source/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(archives NONE)
find_package(PyContainer REQUIRED)
pycontainer_image(docker_image CONTEXT hello TAG localhost:5000/hello:1 OUTPUT_ARCHIVE docker-archive:out/docker.tar ALL)
pycontainer_image(oci_image CONTEXT hello TAG hello:2 OUTPUT_ARCHIVE oci.tar ALL)
file(GENERATE OUTPUT archives.txt CONTENT "$<TARGET_PROPERTY:docker_image,PYCONTAINER_ARCHIVE>\n$<TARGET_PROPERTY:oci_image,PYCONTAINER_ARCHIVE>\n")
CMAKE
configure "$WORK/source" "$WORK/build" Ninja
build "$WORK/build"
expect_eq "$(cat "$WORK/build/archives.txt")" "$(printf '%s\n%s' "$WORK/build/out/docker.tar" "$WORK/build/oci.tar")" "PYCONTAINER_ARCHIVE"
skopeo inspect "docker-archive:$WORK/build/out/docker.tar" >"$WORK/docker.json" || fail "skopeo cannot read the docker-archive"
expect_eq "$(json_get "$WORK/docker.json" 'd["Labels"]["org.opencontainers.image.title"]')" "hello" "the docker-archive's image"
tar -xOf "$WORK/build/out/docker.tar" manifest.json >"$WORK/manifest.json"
expect_eq "$(json_get "$WORK/manifest.json" 'd[0]["RepoTags"]')" "['localhost:5000/hello:1']" "the docker-archive's RepoTags"
skopeo inspect "oci-archive:$WORK/build/oci.tar:2" >"$WORK/oci.json" || fail "skopeo cannot read the oci-archive"
expect_eq "$(json_get "$WORK/oci.json" 'd["Digest"]')" "$(cat "$WORK/build/oci_image.pycontainer/digest")" "the oci-archive's image"
expect_not_contains() { [[ $1 != *"$2"* ]] || fail "$3 contains '$2'"; }
expect_not_contains "$BUILD_LOG" "Loading" "the ALL build"
ninja -C "$WORK/build" -t targets all | grep '^docker_image_load:' >/dev/null || fail "no docker_image_load target"
build "$WORK/build"
expect_no_op Ninja "a second build"

sed -i 's|OUTPUT_ARCHIVE oci.tar|OUTPUT_ARCHIVE tarball:oci.tar|' "$WORK/source/CMakeLists.txt"
expect_configure_fails "$WORK/source" "$WORK/build" 'kind "tarball"; give oci-archive:<file> or docker-archive:<file>' \
  "an unknown OUTPUT_ARCHIVE kind"
echo "PASS: OUTPUT_ARCHIVE and <name>_load"
