#!/usr/bin/env bash
# parallel.sh WORK: two images in one project build in parallel (-j2) without interfering,
# pycontainer_add_test fails when an expectation is wrong, COMPRESSION/COMPRESSION_LEVEL reach every layer
# step, and the steps make the very image `pycontainer build` makes with the same settings (one pipeline).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/hello"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/fastapi-app" "$WORK/fastapi"
cat > "$WORK/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(two_images LANGUAGES NONE)
find_package(PyContainer REQUIRED)
enable_testing()
pycontainer_image(hello_image ALL CONTEXT hello TAG hello:1 EXCLUDE CMakeLists.txt)
pycontainer_image(api_image ALL CONTEXT fastapi TAG api:1 EXCLUDE CMakeLists.txt ENV MODE=test EXPOSE 9000
                  FILES fastapi/requirements.txt DESTINATION /opt/extra COMPRESSION zstd COMPRESSION_LEVEL 9)
pycontainer_add_test(hello_ok IMAGE hello_image EXPECT_FILES /app/hello/cli.py)
pycontainer_add_test(api_ok IMAGE api_image EXPECT_ENV MODE=test EXPECT_LABELS io.pycontainer.framework=fastapi)
pycontainer_add_test(wrong_file IMAGE hello_image EXPECT_FILES /app/hello/missing.py)
pycontainer_add_test(wrong_entrypoint IMAGE api_image EXPECT_ENTRYPOINT python3 other.py)
pycontainer_add_test(wrong_env IMAGE api_image EXPECT_ENV MODE=prod)
CMAKE
configure "$WORK" "$WORK/build" Ninja
build "$WORK/build" -j2
expect_eq "$(steps_ran | grep -c Assembling)" "2" "images assembled"
check_layout_with_tools "$WORK/build/hello_image.oci" 1
# oci-image-tool 1.0 predates zstd layers: skopeo and verify check the zstd image.
skopeo inspect --raw "oci:$WORK/build/api_image.oci:1" >/dev/null || fail "skopeo cannot read the zstd image"
"$PYCONTAINER" --quiet verify "$WORK/build/api_image.oci:1" || fail "pycontainer verify rejects the zstd image"
skopeo inspect --config "oci:$WORK/build/api_image.oci:1" > "$WORK/api.json"
expect_eq "$(json_get "$WORK/api.json" 'sorted(d["config"]["ExposedPorts"])')" "['9000/tcp']" "EXPOSE overrides the framework's port"

# COMPRESSION: the image's own layers (app and FILES) are zstd; the base's and the other image's stay gzip.
layer_types() { # LAYOUT: the media types of the image's layers after the base's
  python3 - "$1" <<'PY'
import json, sys
root = sys.argv[1]
index = json.load(open(f"{root}/index.json"))
manifest = next(m for m in index["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == "1")
manifest = json.load(open(f"{root}/blobs/sha256/{manifest['digest'].split(':')[1]}"))
print(" ".join(layer["mediaType"].rsplit(".", 1)[-1] for layer in manifest["layers"][1:]))
PY
}
expect_eq "$(layer_types "$WORK/build/api_image.oci")" "tar+zstd tar+zstd" "COMPRESSION zstd on the app and FILES layers"
expect_eq "$(layer_types "$WORK/build/hello_image.oci")" "tar+gzip" "default compression"
grep -q -- "--compression-level" "$WORK/build/api_image.pycontainer/app.args" || fail "COMPRESSION_LEVEL not passed to the app step"
# One pipeline: `pycontainer build` with the same settings writes the same manifest as the CMake steps.
"$PYCONTAINER" --quiet build --context "$WORK/fastapi" --tag api:1 --exclude CMakeLists.txt --env MODE=test \
  --expose 9000 --files "$WORK/fastapi/requirements.txt" --destination /opt/extra --compression zstd \
  --compression-level 9 --base-image "$(python_base)" --output "$WORK/direct.oci" > "$WORK/direct.ref"
expect_eq "$(sed 's/.*@//' "$WORK/direct.ref")" "$(cat "$WORK/build/api_image.pycontainer/digest")" \
  "build and the CMake steps make one image"

(cd "$WORK/build" && ctest -R '_ok$' --output-on-failure) || fail "the expectations that hold failed"
for test in wrong_file wrong_entrypoint wrong_env; do
  if (cd "$WORK/build" && ctest -R "^$test\$" > "$WORK/$test.log" 2>&1); then
    fail "pycontainer_add_test $test passed although its expectation is wrong"
  fi
done
echo "PASS"
