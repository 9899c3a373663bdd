#!/usr/bin/env bash
# examples/meson-mixed with Debian's meson: the C++ extension is compiled, packed with the app, and
# imports in the image (umoci unpack + chroot); a second build does nothing; a changed .py runs only the
# image's rule; changed C++ recompiles the extension and remakes the image; a touched .py remakes the
# same image and, the stamp unchanged, nothing after it.
set -euo pipefail
source "$PYCONTAINER_SOURCE_DIR/tests/integration/lib.sh"
fresh_work_dir "$1"
use_python_base
require_tool meson meson
require_tool ninja ninja-build
cp -r "$PYCONTAINER_SOURCE_DIR/examples/meson-mixed" "$WORK/source"
export PATH="$(dirname "$PYCONTAINER"):$PATH" # find_program('pycontainer')
meson setup "$WORK/build" "$WORK/source" -Dbase_image="$base" >"$WORK/setup.log" 2>&1 ||
  { cat "$WORK/setup.log"; fail "meson setup failed"; }

# build DESCRIPTION: ninja -C build, its output in $built.
build() {
  built=$(ninja -C "$WORK/build" 2>&1) || { echo "$built"; fail "ninja failed after $1"; }
  echo "ok: $1: $(grep -v '^ninja: Entering' <<<"$built" | tr '\n' ' ')"
}
runs_in_image() {
  local digest
  digest=$(cut -d@ -f2 "$WORK/build/image.digest")
  expect_eq "$(manifest_digest "$WORK/build/image" 1.0.0)" "$digest" "the stamp's digest"
  check_layout_with_tools "$WORK/build/image" 1.0.0
  unpack_image "$WORK/build/image" 1.0.0 "$WORK/bundle"
  expect_eq "$(python3 "$PYCONTAINER_SOURCE_DIR/tests/integration/run_bundle.py" "$WORK/bundle")" "$1" "the image's output"
}

build "the first build"
expect_contains "$built" "Linking target geometry" "the first build"
expect_contains "$built" "Generating image" "the first build"
runs_in_image "area computed in C++ built by Meson: 16.0"

build "a second build"
expect_contains "$built" "ninja: no work to do." "a second build"

sed -i 's/square = .*/square = [(0, 0), (3, 0), (3, 3), (0, 3)]/' "$WORK/source/app/meson_app/__main__.py"
build "a changed .py"
expect_contains "$built" "[1/1] Generating image" "a changed .py"
runs_in_image "area computed in C++ built by Meson: 9.0"

sed -i 's|return PyFloat_FromDouble(std::fabs(twice_area) / 2);|return PyFloat_FromDouble(std::fabs(twice_area) / 2 + 1000);|' \
  "$WORK/source/src/geometry.cpp"
build "changed C++"
expect_contains "$built" "Compiling C++ object" "changed C++"
expect_contains "$built" "Generating image" "changed C++"
runs_in_image "area computed in C++ built by Meson: 1009.0"

stamp_time=$(stat -c %Y.%N "$WORK/build/image.digest")
sleep 1
touch "$WORK/source/app/meson_app/__main__.py"
build "a touched .py"
expect_eq "$(stat -c %Y.%N "$WORK/build/image.digest")" "$stamp_time" "the stamp's time after a touch (same image)"
build "the build after the touch"
expect_contains "$built" "ninja: no work to do." "the build after the touch"
echo "PASS"
