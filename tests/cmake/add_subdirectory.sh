#!/usr/bin/env bash
# add_subdirectory.sh GENERATOR WORK: every example in one project that adds the PyContainer sources
# with add_subdirectory (the helper is built inside the project, as with FetchContent) before the
# examples' own directories. Each image passes its pycontainer_add_test tests, pycontainer verify,
# oci-image-tool and skopeo; a second build does nothing. (One project for all examples: the helper is
# compiled once per generator.) The project finds Threads and libzstd itself before adding PyContainer,
# as a C++ project using them does: PyContainer must use those targets, not try to make them its own.
# The helper is built as a consumer gets it, checked in compile_commands.json: none of PyContainer's tests
# (it is not the top-level project), a unity build, optimised (with Ninja the project sets no build type:
# PyContainer's targets get -O2 -DNDEBUG and the project's own extension no -O flag; with Make it is
# Release), and no warning under -Wall -Wextra -Werror. PYCONTAINER_BUILD_TESTING=ON brings the tests back.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
generator=$1
fresh_work_dir "$2"
examples=(hello mixed-cpp-python fastapi-app)
mkdir -p "$WORK/source"
for example in "${examples[@]}"; do
  cp -r "$PYCONTAINER_SOURCE_DIR/examples/$example" "$WORK/source/$example"
done
cat > "$WORK/source/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(all_examples LANGUAGES CXX)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
add_subdirectory("${PYCONTAINER_SOURCE_DIR}" pycontainer)
enable_testing()
foreach(example IN ITEMS hello mixed-cpp-python fastapi-app)
  add_subdirectory(${example})
endforeach()
CMAKE
if [[ $generator == Ninja ]]; then
  build_type=() optimisation=-O2
else
  build_type=(-DCMAKE_BUILD_TYPE=Release) optimisation=-O3
fi
configure "$WORK/source" "$WORK/build" "$generator" -DPYCONTAINER_SOURCE_DIR="$PYCONTAINER_SOURCE_DIR" \
  "${build_type[@]}" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror"
build "$WORK/build" -j2
[[ $BUILD_LOG != *warning:* ]] || { echo "$BUILD_LOG"; fail "the build warns"; }

# compiled COMPILE_COMMANDS: what was compiled, one line per source: "helper|tests|project FILE FLAGS".
compiled() {
  python3 - "$1" "$PYCONTAINER_SOURCE_DIR" <<'PYTHON'
import json, os, sys
source = os.path.realpath(sys.argv[2])
for entry in json.load(open(sys.argv[1])):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    command = entry["command"].split()
    flags = " ".join(sorted({f for f in command if f.startswith("-O") or f == "-DNDEBUG"}))
    if path.startswith(source + "/tests/"):
        owner = "tests"
    elif path.startswith(source + "/helper/") or "/pycontainer/helper/" in path:
        owner = "helper"
    else:
        owner = "project"
    print(owner, os.path.basename(path), flags)
PYTHON
}
sources=$(compiled "$WORK/build/compile_commands.json")
expect_eq "$(grep -c '^tests ' <<< "$sources" || true)" 0 "PyContainer's test sources compiled"
expect_eq "$(grep '^helper ' <<< "$sources" | grep -vc ' unity_[0-9]*_cxx\.cxx ' || true)" 0 \
  "helper sources compiled one by one, not in a unity build"
expect_eq "$(grep '^helper ' <<< "$sources" | grep -vc " -DNDEBUG $optimisation\$" || true)" 0 \
  "helper sources compiled without -DNDEBUG $optimisation"
if [[ $generator == Ninja ]]; then
  expect_eq "$(grep '^project ' <<< "$sources" | grep -c -- ' -O' || true)" 0 "-O flags on the project's own sources"
fi
(cd "$WORK/build" && ctest --output-on-failure > "$WORK/ctest.log" 2>&1) ||
  { cat "$WORK/ctest.log"; fail "pycontainer_add_test tests fail"; }
expect_contains "$(cat "$WORK/ctest.log")" "100% tests passed, 0 tests failed out of 3" "the examples' tests"
for example in "${examples[@]}"; do
  layout=$(find "$WORK/build/$example" -maxdepth 1 -name '*.oci' -type d | head -n 1)
  [[ -n $layout ]] || fail "no image layout for $example"
  ref=$(json_get "$layout/index.json" 'd["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"]')
  check_layout_with_tools "$layout" "$ref"
done
build "$WORK/build"
expect_no_op "$generator" "a second build"

configure "$WORK/source" "$WORK/build-tests" "$generator" -DPYCONTAINER_SOURCE_DIR="$PYCONTAINER_SOURCE_DIR" \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DPYCONTAINER_BUILD_TESTING=ON
sources=$(compiled "$WORK/build-tests/compile_commands.json")
grep -q '^tests .*_test\.cpp ' <<< "$sources" || fail "PYCONTAINER_BUILD_TESTING=ON compiles no unit test"
grep -q '^helper layer_cache\.cpp ' <<< "$sources" || fail "with the tests, the helper is still a unity build"
echo "PASS"
