#!/usr/bin/env bash
# example.sh EXAMPLE GENERATOR WORK: configures and builds examples/EXAMPLE with an installed PyContainer;
# the layout passes pycontainer verify (the example's pycontainer_add_test) and oci-image-tool; a
# second build does nothing. mixed-cpp-python's image is unpacked and run: the C++ module imports, with
# the shared library it links (packed by FILES with its SONAME link, found through its $ORIGIN RUNPATH).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
example=$1 generator=$2
fresh_work_dir "$3"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/$example" "$WORK/source with space"

# Multi-config generators build one configuration at a time, each into its own layout.
config_args=()
ctest_args=()
if [[ $generator == "Ninja Multi-Config" ]]; then
  config_args=(--config Release)
  ctest_args=(-C Release)
fi
configure "$WORK/source with space" "$WORK/build" "$generator"
build "$WORK/build" "${config_args[@]}"
[[ -n $(steps_ran) ]] || fail "the first build ran no PyContainer step"
(cd "$WORK/build" && ctest "${ctest_args[@]}" --output-on-failure) || fail "pycontainer_add_test tests of $example fail"

layout=$(find "$WORK/build" -maxdepth 1 -name '*.oci' -type d | head -n 1)
if [[ $generator == "Ninja Multi-Config" ]]; then
  layout=$layout/Release
fi
ref=$(json_get "$layout/index.json" 'd["manifests"][0]["annotations"]["org.opencontainers.image.ref.name"]')
check_layout_with_tools "$layout" "$ref"

build "$WORK/build" "${config_args[@]}"
expect_no_op "$generator" "a second build"

if [[ $example == mixed-cpp-python ]]; then
  unpack_image "$layout" "$ref" "$WORK/bundle"
  output=$(python3 "$PYCONTAINER_SOURCE_DIR/tests/integration/run_bundle.py" "$WORK/bundle")
  expect_eq "$output" $'fib(50) computed in C++: 12586269025\na quadrilateral of area 12, from libgeom' "the image's output"
fi
echo "PASS"
