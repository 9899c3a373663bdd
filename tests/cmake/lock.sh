#!/usr/bin/env bash
# lock.sh GENERATOR WORK: pycontainer_image(... INCLUDE_DEPS LOCK <file> FIND_LINKS <dir>) on a project
# whose pylock.toml (beside the context) names a wheel by a URL nothing serves: the wheel, made by the test, is in the
# FIND_LINKS directory. The image has the distribution (pycontainer_add_test EXPECT_FILES/IMPORTS); a
# second build does nothing; a changed lock (another wheel) re-runs the dependency step, and the next
# image has the new version.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
generator=$1
fresh_work_dir "$2"
make_wheel=$PYCONTAINER_SOURCE_DIR/tests/integration/wheel_index/make_wheel.py

source_dir=$WORK/src
mkdir -p "$source_dir/app" "$WORK/links" "$WORK/pkg"
cat >"$source_dir/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(lock_sample LANGUAGES NONE)
find_package(PyContainer REQUIRED)
pycontainer_image(lock_image CONTEXT app TAG locked:1 INCLUDE_DEPS LOCK pylock.toml FIND_LINKS "${LINKS}"
                  ENTRYPOINT python3 /app/app.py)
pycontainer_add_test(lock_image_test IMAGE lock_image
  EXPECT_FILES /app/.venv/lib/python3.11/site-packages/lockdep/__init__.py
  EXPECT_IMPORTS lockdep)
enable_testing()
CMAKE
printf 'import lockdep\nprint(lockdep.VERSION)\n' >"$source_dir/app/app.py"
printf '[project]\nname = "lock-sample"\nversion = "1.0"\n' >"$source_dir/app/pyproject.toml"

lock_version() { # VERSION: a lockdep wheel of that version in $WORK/links, and the lock naming it
  printf 'VERSION = "%s"\n' "$1" >"$WORK/pkg/__init__.py"
  local wheel
  wheel=$(python3 "$make_wheel" "$WORK/links" --name lockdep --version "$1" --tag py3-none-any \
    "$WORK/pkg/__init__.py=lockdep/__init__.py")
  write_pylock "$source_dir/pylock.toml" "lockdep|$1|{url = \"https://files.example.invalid/$(basename "$wheel")\", \
hashes = {sha256 = \"$(sha256sum "$wheel" | cut -d' ' -f1)\"}}"
}

lock_version 1.0
configure "$source_dir" "$WORK/build" "$generator" -DLINKS="$WORK/links"
build "$WORK/build" --target lock_image
layout=$WORK/build/lock_image.oci
check_layout_with_tools "$layout" 1
(cd "$WORK/build" && ctest --output-on-failure -R lock_image_test >"$WORK/ctest.log" 2>&1) ||
  { cat "$WORK/ctest.log"; fail "pycontainer_add_test(lock_image_test) failed"; }
unpack_image "$layout" 1 "$WORK/bundle"
expect_eq "$(cat "$WORK/bundle/rootfs/app/.venv/lib/python3.11/site-packages/lockdep/__init__.py")" 'VERSION = "1.0"' "lockdep in the image"

build "$WORK/build" --target lock_image
expect_no_op "$generator" "a second build"

sleep 1 # coarse file times on some file systems
lock_version 1.1
build "$WORK/build" --target lock_image
expect_steps "$(printf 'Assembling image lock_image\nPacking the dependency layers of lock_image')" "the lock changed"
unpack_image "$layout" 1 "$WORK/bundle"
expect_eq "$(cat "$WORK/bundle/rootfs/app/.venv/lib/python3.11/site-packages/lockdep/__init__.py")" 'VERSION = "1.1"' "lockdep after the lock changed"
echo "PASS"
