#!/usr/bin/env bash
# deps.sh GENERATOR WORK: pycontainer_image(... INCLUDE_DEPS VENV ...) on a Flask project whose
# virtualenv (Flask and its dependencies from Debian's packages) lives outside the context. The image
# holds the dependencies in layers of their own, has a CycloneDX SBOM attached, and answers HTTP when run; touching a .py file re-runs
# only the application layer and the assembly (the dependency layers are not repacked); changing a
# package's file re-runs only the dependency step; a package added to the venv is in the next image.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../e2e/lib.sh"
generator=$1
fresh_work_dir "$2"

source_dir="$WORK/src"
mkdir -p "$source_dir/app"
cat > "$source_dir/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(deps_sample LANGUAGES NONE)
find_package(PyContainer REQUIRED)
pycontainer_image(web_image CONTEXT app TAG web:1 INCLUDE_DEPS VENV "${APP_VENV}"
                  ENTRYPOINT python3 /app/app.py SBOM cyclonedx)
pycontainer_add_test(web_image_test IMAGE web_image
  EXPECT_FILES /app/app.py /app/.venv/lib/python3.11/site-packages/flask/app.py /app/.venv/bin/flask
  EXPECT_ENV VIRTUAL_ENV=/app/.venv)
enable_testing()
if(WITH_FOREIGN_FILES)
  # A FILES layer holding an ELF file of this machine in an image for another architecture.
  pycontainer_image(foreign_image CONTEXT app TAG foreign:1 BASE_IMAGE scratch PLATFORM linux/s390x
                    ENTRYPOINT /opt/tool FILES "${CMAKE_CURRENT_SOURCE_DIR}/tool" DESTINATION /opt)
endif()
CMAKE
cat > "$source_dir/app/app.py" <<'PY'
import sys
from flask import Flask

app = Flask(__name__)

@app.route("/")
def index():
    return "hello from a CMake-built image with its dependencies"

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]))
PY
venv="$WORK/venv"
make_venv_from_debs "$venv" python3-flask python3-werkzeug python3-jinja2 python3-markupsafe \
  python3-itsdangerous python3-click
site=$(echo "$venv"/lib/python3*/site-packages)

configure "$source_dir" "$WORK/build" "$generator" -DAPP_VENV="$venv"
build "$WORK/build" --target web_image
layout="$WORK/build/web_image.oci"
check_layout_with_tools "$layout" 1
(cd "$WORK/build" && ctest --output-on-failure -R web_image_test > "$WORK/ctest.log" 2>&1) ||
  { cat "$WORK/ctest.log"; fail "pycontainer_add_test(web_image_test) failed"; }
first=$(layer_digests "$layout" 1)
# SBOM: the CycloneDX document attached as web:1.sbom lists the venv's distributions.
sbom_manifest=$(skopeo inspect --raw "oci:$layout:1.sbom") || fail "no SBOM artifact 1.sbom in $layout"
sbom_blob=$(python3 -c 'import json,sys; m=json.loads(sys.argv[1]); assert m["artifactType"]=="application/vnd.cyclonedx+json"; print(m["layers"][0]["digest"][7:])' "$sbom_manifest")
expect_contains "$(cat "$layout/blobs/sha256/$sbom_blob")" '"purl": "pkg:pypi/flask@2.2.2"' "the SBOM"
# base, deps-werkzeug (the largest package), deps (the others and the venv), app
expect_eq "$(wc -l <<< "$first")" 4 "layers of the image"

unpack_image "$layout" 1 "$WORK/bundle"
port=$(free_port)
body=$(serve_and_get "$WORK/bundle" "$port" / "$port")
expect_eq "$body" "hello from a CMake-built image with its dependencies" "the image's answer"

build "$WORK/build" --target web_image
expect_no_op "$generator" "a second build"

sleep 1 # coarse file times on some file systems
echo "# edited" >> "$source_dir/app/app.py"
build "$WORK/build" --target web_image
expect_steps "$(printf 'Assembling image web_image\nPacking the application layer of web_image')" "a .py file changed"
second=$(layer_digests "$layout" 1)
expect_eq "$(head -n 3 <<< "$second")" "$(head -n 3 <<< "$first")" "the base and dependency layers after a .py change"
[[ $(tail -n 1 <<< "$second") != $(tail -n 1 <<< "$first") ]] || fail "the application layer did not change"

echo "# patched" >> "$site/itsdangerous/__init__.py"
build "$WORK/build" --target web_image
expect_steps "$(printf 'Assembling image web_image\nPacking the dependency layers of web_image')" \
  "a package's file changed"
third=$(layer_digests "$layout" 1)
expect_eq "$(sed -n 2p <<< "$third")" "$(sed -n 2p <<< "$second")" "the werkzeug layer after itsdangerous changed"
[[ $(sed -n 3p <<< "$third") != $(sed -n 3p <<< "$second") ]] || fail "the shared dependency layer did not change"
expect_eq "$(tail -n 1 <<< "$third")" "$(tail -n 1 <<< "$second")" "the application layer after a dependency change"

# A package installed into the venv (as pip would: module plus dist-info) is in the next image.
mkdir -p "$site/addedpkg" "$site/addedpkg-0.1.dist-info"
echo 'ADDED = True' > "$site/addedpkg/__init__.py"
printf 'Metadata-Version: 2.1\nName: addedpkg\nVersion: 0.1\n' > "$site/addedpkg-0.1.dist-info/METADATA"
printf 'addedpkg/__init__.py,,\naddedpkg-0.1.dist-info/METADATA,,\naddedpkg-0.1.dist-info/RECORD,,\n' \
  > "$site/addedpkg-0.1.dist-info/RECORD"
build "$WORK/build" --target web_image
expect_steps "$(printf 'Assembling image web_image\nPacking the dependency layers of web_image')" \
  "a package was added"
"$PYCONTAINER" --quiet verify "$layout:1" --expect-file /app/.venv/lib/python3.11/site-packages/addedpkg/__init__.py

if [[ $generator == Ninja ]]; then
  build "$WORK/build" --target web_image
  expect_no_op "$generator" "a build after all that"
fi

# The ELF files of FILES layers are checked against PLATFORM: the build fails, naming the file.
cp /bin/true "$source_dir/tool"
configure "$source_dir" "$WORK/build" "$generator" -DAPP_VENV="$venv" -DWITH_FOREIGN_FILES=ON
if output=$(cmake --build "$WORK/build" --target foreign_image 2>&1); then
  fail "an image for linux/s390x was built with a $(dpkg --print-architecture) ELF file in a FILES layer"
fi
expect_contains "$output" "'$source_dir/tool' (/opt/tool in layer \"files-0\") is an" "the build's error"
expect_contains "$output" "but the image is for linux/s390x" "the build's error"
echo "PASS"
