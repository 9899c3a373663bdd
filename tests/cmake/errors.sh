#!/usr/bin/env bash
# errors.sh WORK: mistakes in pycontainer_image() calls are configure-time errors naming the argument.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
mkdir -p "$WORK/app"
echo 'print("hi")' > "$WORK/app/main.py"

expect_configure_error() { # NAME CALL EXPECTED
  local name=$1 call=$2 expected=$3
  mkdir -p "$WORK/$name"
  cat > "$WORK/$name/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project($name LANGUAGES NONE)
find_package(PyContainer REQUIRED)
$call
CMAKE
  if cmake -S "$WORK/$name" -B "$WORK/$name/build" -DCMAKE_PREFIX_PATH="$PYCONTAINER_PREFIX" > "$WORK/$name.log" 2>&1; then
    fail "$name: configuring succeeded"
  fi
  expect_contains "$(tr -s ' \n' ' ' < "$WORK/$name.log")" "$expected" "$name"
  echo "ok $name"
}

expect_configure_error missing_context 'pycontainer_image(img TAG a:1)' \
  'pycontainer_image(img): CONTEXT <dir> is required'
expect_configure_error unknown_keyword "pycontainer_image(img CONTEXT $WORK/app TAGS a:1)" \
  'pycontainer_image(img): unknown argument(s): TAGS'
expect_configure_error files_without_destination "pycontainer_image(img CONTEXT $WORK/app FILES $WORK/app/main.py)" \
  'FILES without DESTINATION'
expect_configure_error relative_destination "pycontainer_image(img CONTEXT $WORK/app FILES $WORK/app/main.py DESTINATION lib)" \
  'DESTINATION "lib" must be an absolute directory'
expect_configure_error missing_value "pycontainer_image(img CONTEXT $WORK/app BASE_IMAGE)" \
  'BASE_IMAGE given without a value'
expect_configure_error push_without_tag "pycontainer_image(img CONTEXT $WORK/app PUSH)" \
  'PUSH needs TAG'
expect_configure_error venv_without_include_deps "pycontainer_image(img CONTEXT $WORK/app VENV $WORK/venv)" \
  'VENV needs INCLUDE_DEPS'
expect_configure_error platform_and_platforms \
  "pycontainer_image(img CONTEXT $WORK/app PLATFORM linux/amd64 PLATFORMS linux/amd64 linux/arm64)" \
  'PLATFORM and PLATFORMS given'
expect_configure_error platforms_twice "pycontainer_image(img CONTEXT $WORK/app PLATFORMS linux/arm64 linux/arm64)" \
  'PLATFORMS "linux/arm64;linux/arm64" names a platform twice'
expect_configure_error load_platform_without_platforms "pycontainer_image(img CONTEXT $WORK/app LOAD_PLATFORM linux/arm64)" \
  'LOAD_PLATFORM needs PLATFORMS'
expect_configure_error load_platform_not_built \
  "pycontainer_image(img CONTEXT $WORK/app PLATFORMS linux/amd64 linux/arm64 LOAD_PLATFORM linux/s390x)" \
  'LOAD_PLATFORM linux/s390x is not among PLATFORMS "linux/amd64;linux/arm64"'
expect_configure_error files_of_another_platform \
  "pycontainer_image(img CONTEXT $WORK/app PLATFORM linux/arm64 FILES $WORK/app/main.py DESTINATION /x PLATFORM linux/amd64)" \
  'DESTINATION /x PLATFORM linux/amd64: the image is for linux/arm64'
expect_configure_error unknown_sbom_format "pycontainer_image(img CONTEXT $WORK/app SBOM swid)" \
  'SBOM must be spdx or cyclonedx, not "swid"'
expect_configure_error test_without_image 'pycontainer_add_test(t IMAGE nothing)' \
  'pycontainer_add_test(t): IMAGE "nothing" is not a target'
echo "PASS"
