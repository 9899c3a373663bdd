#!/usr/bin/env bash
# platforms.sh WORK: pycontainer_image(... PLATFORMS linux/amd64 linux/arm64) on the two-platform base
# makes an index of two images sharing the application layer; a C++ extension built by CMake for the
# host (linux/amd64) and cross-compiled for arm64 (g++-aarch64-linux-gnu, an ExternalProject with a
# toolchain file) goes in per-platform FILES groups (FILES ... DESTINATION ... PLATFORM), and each image
# imports its own (umoci unpack + chroot, arm64 under qemu binfmt) printing its platform.machine();
# pycontainer_add_test (verify of every platform, EXPECT_IMPORTS) passes; a second build does nothing;
# a FILES group for a platform the image is not built for fails the configure.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_arm64_emulation
require_tool aarch64-linux-gnu-g++ g++-aarch64-linux-gnu
require_tool skopeo skopeo
# Python's aarch64 pyconfig.h, from libpython3.11-dev:arm64 (fixture.wheel_index downloads its .deb).
deb=$(find "$PYCONTAINER_FIXTURES/arm64-debs" -name 'libpython3.11-dev_*_arm64.deb' 2>/dev/null | head -n 1)
[[ -n $deb ]] || fail "no libpython3.11-dev arm64 .deb in $PYCONTAINER_FIXTURES/arm64-debs (fixture.wheel_index makes it)"
mkdir -p "$WORK/arm64-headers"
dpkg-deb -x "$deb" "$WORK/arm64-headers"

mkdir -p "$WORK/source/app/machine" "$WORK/source/ext"
printf '[project]\nname = "machine"\nversion = "1.0"\n' > "$WORK/source/app/pyproject.toml"
touch "$WORK/source/app/machine/__init__.py"
echo 'import platform, fastmath; print(platform.machine(), fastmath.add(40, 2))' > "$WORK/source/app/machine/__main__.py"
cat > "$WORK/source/ext/fastmath.cpp" <<'CPP'
#include <Python.h>

#include <numeric>
#include <vector>

static PyObject* add(PyObject*, PyObject* args)
{
  long a = 0, b = 0;
  if (!PyArg_ParseTuple(args, "ll", &a, &b)) {
    return nullptr;
  }
  std::vector<long> terms{a, b};
  return PyLong_FromLong(std::accumulate(terms.begin(), terms.end(), 0L));
}

static PyMethodDef k_methods[] = {{"add", add, METH_VARARGS, "a + b"}, {nullptr, nullptr, 0, nullptr}};
static PyModuleDef k_module = {PyModuleDef_HEAD_INIT, "fastmath", nullptr, -1, k_methods};

extern "C" PyMODINIT_FUNC PyInit_fastmath()
{
  return PyModule_Create(&k_module);
}
CPP
# The extension's project, built for the host by add_subdirectory and for arm64 as an ExternalProject.
cat > "$WORK/source/ext/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(fastmath CXX)
add_library(fastmath MODULE fastmath.cpp)
target_include_directories(fastmath PRIVATE ${FASTMATH_PYTHON_INCLUDE_DIRS})
set_target_properties(fastmath PROPERTIES PREFIX "" SUFFIX ".so")
target_link_options(fastmath PRIVATE -static-libstdc++ -static-libgcc)
install(TARGETS fastmath LIBRARY DESTINATION lib)
CMAKE
cat > "$WORK/source/aarch64.cmake" <<'CMAKE'
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
CMAKE
cat > "$WORK/source/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(platforms CXX)
find_package(PyContainer REQUIRED)
include(ExternalProject)
set(FASTMATH_PYTHON_INCLUDE_DIRS /usr/include/python3.11)
add_subdirectory(ext host)
ExternalProject_Add(fastmath_arm64
  SOURCE_DIR "${CMAKE_CURRENT_SOURCE_DIR}/ext"
  LIST_SEPARATOR |
  CMAKE_ARGS "-DCMAKE_TOOLCHAIN_FILE=${CMAKE_CURRENT_SOURCE_DIR}/aarch64.cmake"
             "-DFASTMATH_PYTHON_INCLUDE_DIRS=/usr/include/python3.11|${ARM64_HEADERS}/usr/include"
             "-DCMAKE_INSTALL_PREFIX=<INSTALL_DIR>"
  BUILD_BYPRODUCTS "<INSTALL_DIR>/lib/fastmath.so")
ExternalProject_Get_Property(fastmath_arm64 INSTALL_DIR)
pycontainer_image(machine_image ALL CONTEXT app TAG machine:1 BASE_IMAGE "${MULTI_BASE}"
  PLATFORMS linux/amd64 linux/arm64 ENTRYPOINT python3 -m machine ENV PYTHONPATH=/app/native
  FILES $<TARGET_FILE:fastmath> DESTINATION /app/native PLATFORM linux/amd64
  FILES "${INSTALL_DIR}/lib/fastmath.so" DESTINATION /app/native PLATFORM linux/arm64)
add_dependencies(machine_image fastmath_arm64)
enable_testing()
pycontainer_add_test(machine_verify IMAGE machine_image EXPECT_FILES /app/native/fastmath.so
  EXPECT_IMPORTS machine fastmath)
CMAKE
configure "$WORK/source" "$WORK/build" Ninja "-DMULTI_BASE=$(python_multi_base)" "-DARM64_HEADERS=$WORK/arm64-headers"
build "$WORK/build"
layout=$WORK/build/machine_image.oci
"$PYCONTAINER" inspect --json "$layout:1" > "$WORK/inspect.json"
expect_eq "$(json_get "$WORK/inspect.json" '" ".join(d["platforms"])')" "linux/amd64 linux/arm64" "the index's platforms"
expect_eq "$(json_get "$WORK/inspect.json" 'd["index_digest"]')" "$(cat "$WORK/build/machine_image.pycontainer/digest")" \
  "the digest file names the index"
expect_eq "$(json_get "$WORK/inspect.json" 'd["images"][0]["layers"][1]["digest"] == d["images"][1]["layers"][1]["digest"]')" \
  "True" "one application layer in both images"
expect_eq "$(json_get "$WORK/inspect.json" 'd["images"][0]["layers"][2]["digest"] != d["images"][1]["layers"][2]["digest"]')" \
  "True" "each platform's own extension layer"
(cd "$WORK/build" && ctest -R machine_verify -V > "$WORK/verify.log" 2>&1) ||
  { cat "$WORK/verify.log"; fail "pycontainer_add_test of the index failed"; }
expect_contains "$(cat "$WORK/verify.log")" "an index of 2 images: linux/amd64 linux/arm64" "verify of both platforms"

for pair in amd64:x86_64 arm64:aarch64; do
  arch=${pair%%:*} machine=${pair#*:}
  skopeo copy --quiet --override-os linux --override-arch "$arch" "oci:$layout:1" "oci:$WORK/$arch:1"
  unpack_image "$WORK/$arch" 1 "$WORK/bundle-$arch"
  file -L "$WORK/bundle-$arch/rootfs/app/native/fastmath.so" > "$WORK/file-$arch.txt"
  expect_eq "$(python3 "$PYCONTAINER_SOURCE_DIR/tests/integration/run_bundle.py" "$WORK/bundle-$arch")" \
    "$machine 42" "the $arch image importing its extension"
done
expect_contains "$(cat "$WORK/file-arm64.txt")" "ARM aarch64" "the arm64 image's extension"
expect_contains "$(cat "$WORK/file-amd64.txt")" "x86-64" "the amd64 image's extension"

build "$WORK/build"
expect_no_op Ninja "a second build"

sed -i 's|DESTINATION /app/native PLATFORM linux/arm64|DESTINATION /app/native PLATFORM linux/s390x|' "$WORK/source/CMakeLists.txt"
expect_configure_fails "$WORK/source" "$WORK/build" "PLATFORM linux/s390x: the image is for linux/amd64 linux/arm64" \
  "a FILES group for a platform not built"
echo "PASS: PLATFORMS and per-platform FILES"
