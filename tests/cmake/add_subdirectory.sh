#!/usr/bin/env bash
# add_subdirectory.sh GENERATOR WORK: every example in one project that adds the PyContainer sources
# with add_subdirectory (the helper is built inside the project, as with FetchContent) before the
# examples' own directories. Each image passes its pycontainer_add_test tests, pycontainer verify,
# oci-image-tool and skopeo; a second build does nothing. (One project for all examples: the helper is
# compiled once per generator.) The project finds Threads and libzstd itself before adding PyContainer,
# as a C++ project using them does: PyContainer must use those targets, not try to make them its own.
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
configure "$WORK/source" "$WORK/build" "$generator" -DPYCONTAINER_SOURCE_DIR="$PYCONTAINER_SOURCE_DIR" \
  -DCMAKE_BUILD_TYPE=Release
build "$WORK/build" -j2
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
echo "PASS"
