#!/usr/bin/env bash
# shared_libs.sh WORK: examples/mixed-cpp-python's extension links a shared library of the project
# (libgeom.so.1.0, SONAME libgeom.so.1) and, unless linked statically, libstdc++.so.6. The assembly's
# link check (issue 15) fails the build, writing no image, naming what the image's loader would not
# find: the library left out of FILES, libstdc++ on a base without it (the test base), the library
# behind a RUNPATH into the build tree. ALLOW_MISSING_LIBRARIES builds with a warning; FILES of the
# SHARED library packs its SONAME link, and its namelink only with NAMELINK. (example.sh and
# e2e.engines_mixed run the example's image.)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
example=$PYCONTAINER_SOURCE_DIR/examples/mixed-cpp-python

# variant NAME SED-SCRIPT: a copy of the example in $WORK/NAME, its CMakeLists.txt edited by SED-SCRIPT.
variant() {
  local name=$1 script=$2
  cp -r "$example" "$WORK/$name"
  sed -i "$script" "$WORK/$name/CMakeLists.txt"
  ! cmp -s "$example/CMakeLists.txt" "$WORK/$name/CMakeLists.txt" || fail "$name: '$script' changes nothing in the example"
}

# expect_link_error SOURCE EXPECTED [cmake args...]: configuring SOURCE into SOURCE/build succeeds, building
# fails at the assembly with an error holding EXPECTED, and no image is written. Sets $errors.
expect_link_error() {
  local source=$1 expected=$2
  shift 2
  configure "$source" "$source/build" Ninja "$@"
  if BUILD_LOG=$(cmake --build "$source/build" 2>&1); then
    fail "$(basename "$source"): the build succeeded"
  fi
  errors=$(grep 'pycontainer: error:' <<< "$BUILD_LOG") || { echo "$BUILD_LOG"; fail "$(basename "$source"): no pycontainer error"; }
  expect_contains "$BUILD_LOG" "Assembling image mixed_image" "$(basename "$source"): the steps run"
  expect_contains "$errors" "$expected" "$(basename "$source"): the error"
  expect_contains "$errors" "ALLOW_MISSING_LIBRARIES in CMake" "$(basename "$source"): the error"
  [[ ! -e $source/build/mixed_image.oci/index.json ]] || fail "$(basename "$source"): a failed link check wrote the image"
}

module=fastmath$(python3 -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))")

variant no_library 's/ \$<TARGET_FILE:geom>//'
expect_link_error "$WORK/no_library" "would not find libgeom.so.1, needed by /app/native/$module"
expect_contains "$errors" "add libgeom.so.1 to the image (--files with --destination, FILES in CMake" "the error"
# Put back, the library builds (its layer repacked, the assembly checking again).
cp "$example/CMakeLists.txt" "$WORK/no_library/CMakeLists.txt"
build "$WORK/no_library/build"
"$PYCONTAINER" --quiet verify "$WORK/no_library/build/mixed_image.oci:1.0" --expect-file /app/native/libgeom.so.1
echo "ok: a library left out of FILES is named"

cp -r "$example" "$WORK/libstdcxx"
expect_link_error "$WORK/libstdcxx" "would not find libstdc++.so.6, needed by /app/native/" -DMIXED_STATIC_LIBSTDCXX=OFF
echo "ok: libstdc++.so.6 on a base without it is named"

variant build_tree_rpath 's/ BUILD_WITH_INSTALL_RPATH ON//'
expect_link_error "$WORK/build_tree_rpath" "would not find libgeom.so.1, needed by /app/native/$module"
expect_contains "$errors" "the DT_RUNPATH of /app/native/$module names $WORK/build_tree_rpath/build, which the image does not have" \
  "the error"
expect_contains "$errors" 'INSTALL_RPATH "$ORIGIN" with BUILD_WITH_INSTALL_RPATH ON' "the error"
echo "ok: a RUNPATH into the build tree is named"

variant allowed 's/^pycontainer_image(mixed_image ALL$/& ALLOW_MISSING_LIBRARIES/'
configure "$WORK/allowed" "$WORK/allowed/build" Ninja -DMIXED_STATIC_LIBSTDCXX=OFF
build "$WORK/allowed/build"
expect_contains "$BUILD_LOG" "warning: the image's dynamic loader would not find libstdc++.so.6" "the build with ALLOW_MISSING_LIBRARIES"
layout=$WORK/allowed/build/mixed_image.oci:1.0
"$PYCONTAINER" --quiet verify "$layout" --expect-file /app/native/libgeom.so.1.0 --expect-file /app/native/libgeom.so.1
if "$PYCONTAINER" --quiet verify "$layout" --expect-file /app/native/libgeom.so 2>/dev/null; then
  fail "the namelink libgeom.so was packed without NAMELINK"
fi
echo "ok: ALLOW_MISSING_LIBRARIES builds with a warning; the SONAME link is packed, the namelink not"

variant namelink 's/^pycontainer_image(mixed_image ALL$/& NAMELINK/'
configure "$WORK/namelink" "$WORK/namelink/build" Ninja
build "$WORK/namelink/build"
"$PYCONTAINER" --quiet verify "$WORK/namelink/build/mixed_image.oci:1.0" --expect-file /app/native/libgeom.so \
  --expect-file /app/native/libgeom.so.1
echo "ok: NAMELINK packs the namelink"
echo "PASS"
