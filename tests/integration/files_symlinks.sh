#!/usr/bin/env bash
# Symlinks among --files (FILES in CMake), issue 15: a link to a file packed beside it (a shared
# library's SONAME link) stays a link in the image; one whose target is left behind or absolute (what
# Bazel's sandbox hands over) is an error naming it, exit 2, nothing written; --dereference packs what
# the links point to as files.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
mkdir -p "$WORK/app" "$WORK/build" "$WORK/sandbox"
echo 'print("hello")' >"$WORK/app/main.py"
echo "library bytes" >"$WORK/build/libgeom.so.1.0"
ln -s libgeom.so.1.0 "$WORK/build/libgeom.so.1"
ln -s "$WORK/build/libgeom.so.1.0" "$WORK/sandbox/libgeom.so.1.0"

build() {
  "$PYCONTAINER" --quiet build --context "$WORK/app" --base-image "$base" --tag files:1 "$@"
}

# The SONAME link with its library: both in the image, the link as a link.
build --files "$WORK/build/libgeom.so.1" "$WORK/build/libgeom.so.1.0" --destination /app/lib \
  --output "$WORK/linked" >/dev/null
unpack_image "$WORK/linked" 1 "$WORK/linked.bundle"
expect_eq "$(readlink "$WORK/linked.bundle/rootfs/app/lib/libgeom.so.1")" libgeom.so.1.0 "the SONAME link in the image"
expect_eq "$(cat "$WORK/linked.bundle/rootfs/app/lib/libgeom.so.1")" "library bytes" "the library through its link"

# expect_link_error NAME TEXT FILES...: the build fails with one error line naming TEXT, writes nothing.
expect_link_error() {
  local name=$1 text=$2 status=0
  shift 2
  build --files "$@" --destination /app/lib --output "$WORK/$name" >/dev/null 2>"$WORK/$name.err" || status=$?
  expect_eq "$status" 2 "exit status for $name"
  expect_eq "$(wc -l <"$WORK/$name.err")" 1 "error lines for $name ($(cat "$WORK/$name.err"))"
  expect_contains "$(cat "$WORK/$name.err")" "$text" "$name's error"
  expect_contains "$(cat "$WORK/$name.err")" "--dereference" "$name's error"
  [[ ! -e $WORK/$name ]] || fail "$name wrote $WORK/$name"
  echo "ok $name: $(cat "$WORK/$name.err")"
}
expect_link_error left-behind "'$WORK/build/libgeom.so.1' of layer \"files-0\" is a symlink to 'libgeom.so.1.0'" \
  "$WORK/build/libgeom.so.1"
expect_link_error absolute "is a symlink to '$WORK/build/libgeom.so.1.0': an absolute path" \
  "$WORK/sandbox/libgeom.so.1.0"

# --dereference: the sandbox's link is packed as the file it points to.
build --files "$WORK/sandbox/libgeom.so.1.0" --destination /app/lib --dereference --output "$WORK/dereferenced" >/dev/null
unpack_image "$WORK/dereferenced" 1 "$WORK/dereferenced.bundle"
[[ -f $WORK/dereferenced.bundle/rootfs/app/lib/libgeom.so.1.0 && ! -L $WORK/dereferenced.bundle/rootfs/app/lib/libgeom.so.1.0 ]] ||
  fail "--dereference did not pack the link's target as a file"
expect_eq "$(cat "$WORK/dereferenced.bundle/rootfs/app/lib/libgeom.so.1.0")" "library bytes" "the dereferenced library"
echo "PASS"
