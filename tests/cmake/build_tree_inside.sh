#!/usr/bin/env bash
# build_tree_inside.sh WORK: examples/hello, whose CONTEXT is its source directory, configured with its
# build tree inside that source (`cmake -B out/dev`, as a preset does): the build tree never enters the
# image, so the second build does nothing and the image stays the same (before, the second build packed
# the first one's layout and doubled the image, and the third failed with a Ninja dependency cycle).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
source_dir="$WORK/src"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$source_dir"
build_dir="$source_dir/out/dev"
mkdir -p "$source_dir/out"
configure "$source_dir" "$build_dir" Ninja
build "$build_dir"
layout="$build_dir/hello_image.oci"
digest=$(manifest_digest "$layout" 0.1.0)
unpack_image "$layout" 0.1.0 "$WORK/bundle"
[[ ! -e $WORK/bundle/rootfs/app/out/dev ]] || fail "the build tree is in the image: $(find "$WORK/bundle/rootfs/app/out/dev" | head)"

for run in second third; do
  build "$build_dir"
  expect_no_op Ninja "the $run build"
  expect_eq "$(manifest_digest "$layout" 0.1.0)" "$digest" "the image after the $run build"
done

# A change to the project still repacks the application layer, and only the change enters the image.
echo "# a comment" >> "$source_dir/hello/cli.py"
build "$build_dir"
expect_steps "$(printf 'Assembling image hello_image\nPacking the application layer of hello_image')" "a .py file changed"
rm -rf "$WORK/bundle"
unpack_image "$layout" 0.1.0 "$WORK/bundle"
[[ ! -e $WORK/bundle/rootfs/app/out/dev ]] || fail "the build tree is in the image after a change"
expect_eq "$(tail -n 1 "$WORK/bundle/rootfs/app/hello/cli.py")" "# a comment" "the changed file in the image"
build "$build_dir"
expect_no_op Ninja "the build after the change"
echo "PASS"
