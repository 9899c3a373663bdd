#!/usr/bin/env bash
# imports.sh WORK: pycontainer_add_test(... EXPECT_IMPORTS) passes for a package of the context and a C
# extension module (built by CMake, linking a shared library of the project) on PYTHONPATH, and fails,
# naming the module, for a module the image lacks and for the extension when its library is left out.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
mkdir -p "$WORK/src" "$WORK/app/shapes"
printf '[project]\nname = "shapes"\nversion = "1.0"\n' > "$WORK/app/pyproject.toml"
touch "$WORK/app/shapes/__init__.py"
echo 'import geomext; print(geomext.area())' > "$WORK/app/shapes/__main__.py"
echo 'int geom_area(int w, int h) { return w * h; }' > "$WORK/src/geom.c"
cp "$PYCONTAINER_SOURCE_DIR/tests/integration/geomext.c" "$WORK/src/geomext.c"
cat > "$WORK/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(imports LANGUAGES C)
find_package(PyContainer REQUIRED)
find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module)
add_library(geom SHARED src/geom.c)
set_target_properties(geom PROPERTIES VERSION 1.0 SOVERSION 1)
Python3_add_library(geomext MODULE WITH_SOABI src/geomext.c)
target_link_libraries(geomext PRIVATE geom)
set_target_properties(geomext PROPERTIES INSTALL_RPATH "\\\$ORIGIN" BUILD_WITH_INSTALL_RPATH ON)
enable_testing()
pycontainer_image(whole_image ALL CONTEXT app TAG whole:1 ENV PYTHONPATH=/app/native
  FILES \$<TARGET_FILE:geomext> \$<TARGET_FILE:geom> DESTINATION /app/native)
# Without the library: its build, whose link check would fail, warns instead, so the test is what fails.
pycontainer_image(nolib_image ALL CONTEXT app TAG nolib:1 ENV PYTHONPATH=/app/native ALLOW_MISSING_LIBRARIES
  FILES \$<TARGET_FILE:geomext> DESTINATION /app/native)
pycontainer_add_test(imports_ok IMAGE whole_image EXPECT_IMPORTS shapes shapes.__main__ geomext json)
pycontainer_add_test(module_missing IMAGE whole_image EXPECT_IMPORTS shapes notthere)
pycontainer_add_test(library_missing IMAGE nolib_image EXPECT_IMPORTS shapes geomext)
CMAKE
configure "$WORK" "$WORK/build" Ninja
build "$WORK/build"
(cd "$WORK/build" && ctest -R imports_ok --output-on-failure > "$WORK/ok.log" 2>&1) ||
  { cat "$WORK/ok.log"; fail "EXPECT_IMPORTS of modules the image has failed"; }
unpack_image "$WORK/build/whole_image.oci" 1 "$WORK/bundle"
expect_eq "$(python3 "$PYCONTAINER_SOURCE_DIR/tests/integration/run_bundle.py" "$WORK/bundle")" "42" "the image's output"

# expect_test_fails TEST EXPECTED: the test fails, its output containing EXPECTED.
expect_test_fails() {
  if (cd "$WORK/build" && ctest -R "^$1\$" --output-on-failure > "$WORK/$1.log" 2>&1); then
    fail "pycontainer_add_test $1 passed"
  fi
  expect_contains "$(cat "$WORK/$1.log")" "$2" "the output of $1"
}
expect_test_fails module_missing "module notthere is not found where the image's Python (/usr/bin/python3, 3.11) imports from"
expect_contains "$(cat "$WORK/module_missing.log")" "/app/native (PYTHONPATH)" "the output of module_missing"
expect_test_fails library_missing "module geomext (/app/native/geomext"
expect_contains "$(cat "$WORK/library_missing.log")" "would not find libgeom.so.1" "the output of library_missing"
echo "PASS"
