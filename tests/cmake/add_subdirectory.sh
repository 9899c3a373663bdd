#!/usr/bin/env bash
# add_subdirectory.sh EXAMPLE GENERATOR WORK: an example with the PyContainer sources added by
# add_subdirectory (the helper is built inside the project), as FetchContent does.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
example=$1 generator=$2
fresh_work_dir "$3"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/$example" "$WORK/source"
configure "$WORK/source" "$WORK/build" "$generator" -DPYCONTAINER_SOURCE_DIR="$PYCONTAINER_SOURCE_DIR" \
  -DCMAKE_BUILD_TYPE=Release
build "$WORK/build" -j2
(cd "$WORK/build" && ctest --output-on-failure) || fail "pycontainer_add_test tests fail"
layout=$(find "$WORK/build" -maxdepth 1 -name '*.oci' -type d | head -n 1)
ref=$(json_get "$layout/index.json" 'd["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"]')
check_layout_with_tools "$layout" "$ref"
build "$WORK/build"
expect_no_op "$generator" "a second build"
echo "PASS"
