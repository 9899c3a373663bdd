# Helpers of the Python package tests (sourced): ../integration/lib.sh, plus SYSTEM_PYTHON (Debian's,
# which has setuptools, wheel, Poetry and hatchling) and venvs with the fixture wheel installed.
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
SYSTEM_PYTHON=${SYSTEM_PYTHON:-/usr/bin/python3}

# fixture_wheel: the path of the wheel fixture.python_wheel built.
fixture_wheel() {
  local wheels=("$PYCONTAINER_FIXTURES"/python-wheel/pycontainer-*.whl)
  [[ -f ${wheels[0]} ]] || fail "no wheel in $PYCONTAINER_FIXTURES/python-wheel: fixture.python_wheel did not run"
  echo "${wheels[0]}"
}

# cmake_version: the version of CMakeLists.txt's project() call, which the distribution's is.
cmake_version() {
  local version
  version=$(sed -n 's/^project(PyContainer VERSION \([0-9.]*\) .*/\1/p' "$PYCONTAINER_SOURCE_DIR/CMakeLists.txt")
  [[ -n $version ]] || fail "no project(PyContainer VERSION ...) in $PYCONTAINER_SOURCE_DIR/CMakeLists.txt"
  echo "$version"
}

# make_venv DIR [--own]: a fresh venv seeing Debian's packages (offline: nothing comes from an index), or
# with --own only its own (pip and setuptools, which ensurepip puts there).
make_venv() {
  rm -rf "$1"
  local site=(--system-site-packages)
  [[ ${2-} != --own ]] || site=()
  "$SYSTEM_PYTHON" -m venv "${site[@]}" "$1" || fail "python3 -m venv failed (Debian package: python3-venv)"
}

# venv_with_wheel DIR: make_venv DIR, with the fixture wheel installed into it.
venv_with_wheel() {
  make_venv "$1"
  "$1/bin/pip" install --quiet --no-index --no-deps "$(fixture_wheel)" || fail "pip install of the wheel failed"
}

# run_image LAYOUT REF BUNDLE: unpacks the image and runs its entrypoint in its root filesystem (chroot,
# as tests/integration/run_bundle.py does); prints the output.
run_image() {
  unpack_image "$1" "$2" "$3"
  "$SYSTEM_PYTHON" "$PYCONTAINER_SOURCE_DIR/tests/integration/run_bundle.py" "$3"
}

# use_registry STATE: the test registry whose fixture state is STATE (REGISTRY=127.0.0.1:PORT...), and
# the work directory's own cache, Docker config and home: no credentials from the machine.
use_registry() {
  set -a
  source "$1/registry.env"
  set +a
  require_tool skopeo skopeo
  export XDG_CACHE_HOME=$WORK/cache DOCKER_CONFIG=$WORK/docker-config HOME=$WORK/home
  mkdir -p "$HOME" "$DOCKER_CONFIG"
}
