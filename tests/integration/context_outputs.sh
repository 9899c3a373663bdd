#!/usr/bin/env bash
# Build output inside the context is not packed: --output and --cache-dir there, a CMake build tree
# (out/dev, holding CMakeCache.txt) and an OCI image layout under any name. Three builds give the same
# image (it grew with each build when the previous image was packed into the next), and the plan says
# what was left out.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
base=$(python_base)

context="$WORK/hello"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$context"

build() {
  "$PYCONTAINER" --quiet build --context "$context" --base-image "$base" --output "$context/out/image" \
    --cache-dir "$context/.pc-cache" "$@"
}

digests=()
for i in 1 2 3; do
  build >/dev/null
  digests+=("$(manifest_digest "$context/out/image" 0.1.0)")
  # The image of the previous build, copied under another name, is found as a layout too.
  cp -r "$context/out/image" "$context/snapshot-$i"
  if (( i == 1 )); then # the first build had no out/ at all
    mkdir -p "$context/out/dev/CMakeFiles"
    echo "CMAKE_BUILD_TYPE:STRING=Debug" > "$context/out/dev/CMakeCache.txt"
    echo "object" > "$context/out/dev/CMakeFiles/app.o"
  fi
done
expect_eq "${digests[1]}" "${digests[0]}" "the second build's image"
expect_eq "${digests[2]}" "${digests[0]}" "the third build's image"
check_layout_with_tools "$context/out/image" 0.1.0

unpack_image "$context/out/image" 0.1.0 "$WORK/bundle"
rootfs="$WORK/bundle/rootfs"
[[ -f $rootfs/app/hello/cli.py ]] || fail "the application's files are missing from the image"
for left_out in out snapshot-1 .pc-cache; do
  [[ ! -e $rootfs/app/$left_out ]] || fail "$left_out was packed into the image"
done

plan=$(build --dry-run)
expect_contains "$plan" "Left out:    .pc-cache (the cache directory)" "the plan"
expect_contains "$plan" "out/dev (a CMake build tree)" "the plan"
expect_contains "$plan" "out/image (the output layout)" "the plan"
expect_contains "$plan" "snapshot-3 (an OCI image layout)" "the plan"
echo "PASS"
