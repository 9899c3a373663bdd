#!/usr/bin/env bash
# add_subdirectory.sh WORK: examples/hello with the PyContainer sources added by add_subdirectory (the
# helper is built inside the project), as FetchContent does.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/hello"
configure "$WORK/hello" "$WORK/build" Ninja -DPYCONTAINER_SOURCE_DIR="$PYCONTAINER_SOURCE_DIR" -DCMAKE_BUILD_TYPE=Release
build "$WORK/build"
(cd "$WORK/build" && ctest --output-on-failure) || fail "pycontainer_add_test tests fail"
check_layout_with_tools "$WORK/build/hello_image.oci" 0.1.0
build "$WORK/build"
expect_no_op Ninja "a second build"
echo "PASS"
