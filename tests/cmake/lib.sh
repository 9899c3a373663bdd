# Helpers for the CMake tests (sourced): real configure-and-build runs of sample projects against an
# installed PyContainer ($PYCONTAINER_PREFIX) or its sources (add_subdirectory).
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"

# configure SOURCE BUILD GENERATOR [cmake args...]
configure() {
  local source=$1 build=$2 generator=$3
  shift 3
  cmake -S "$source" -B "$build" -G "$generator" -DCMAKE_PREFIX_PATH="$PYCONTAINER_PREFIX" \
    -DPython3_EXECUTABLE=/usr/bin/python3 -DPYCONTAINER_BASE_IMAGE="$(python_base)" "$@" > "$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; fail "configuring $source with $generator failed"; }
}

# build BUILD [args...]: builds and leaves the output in $BUILD_LOG.
build() {
  local build=$1
  shift
  BUILD_LOG=$(cmake --build "$build" "$@" 2>&1) || { echo "$BUILD_LOG"; fail "building $build failed"; }
}

# The PyContainer steps the last build ran, one per line ("Packing the application layer of x"...; with
# PLATFORMS "... of x-linux-arm64", "Assembling the linux/arm64 image of x", "Writing the image index of x").
steps_ran() {
  grep -oE '(Resolving the base image|Packing the dependency layers|Packing the application layer|Packing layer [a-z0-9-]+|Assembling image) of [a-z0-9_-]+|Assembling image [a-z_]+|Assembling the [a-z0-9/]+ image of [a-z_]+|Writing the image index of [a-z_]+' <<< "$BUILD_LOG" | sort || true
}

expect_steps() { # EXPECTED (newline-separated, sorted) WHAT
  expect_eq "$(steps_ran)" "$1" "steps run after $2"
}

expect_no_op() { # GENERATOR WHAT
  expect_steps "" "$2"
  if [[ $1 == Ninja* ]]; then
    expect_contains "$BUILD_LOG" "ninja: no work to do" "$2"
  fi
}

expect_configure_fails() { # SOURCE BUILD EXPECTED WHAT: configuring SOURCE fails, its output containing EXPECTED.
  if cmake -S "$1" -B "$2" >"$2.bad.log" 2>&1; then
    fail "$4 configured"
  fi
  expect_contains "$(cat "$2.bad.log")" "$3" "the configure error of $4"
}
