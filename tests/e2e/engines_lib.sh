# Helpers for the tests that run our images in real container engines (sourced after
# ../integration/lib.sh): Docker through the private daemon of docker_fixture.sh (DOCKER_STATE),
# Podman with its storage in the test's work directory. Containers never join a bridge: they run with
# --network none or --network host.

# skip_unless_root: the engines need root here; anything else that is missing fails the test.
skip_unless_root() {
  if [[ $(id -u) != 0 ]]; then
    echo "SKIP: running images in Docker and Podman (and their daemon) needs root"
    exit 77
  fi
}

# start_engine_test WORK DOCKER-STATE: skips unless root, a fresh $WORK with its own layer cache, the
# fixture's daemon as DOCKER_STATE, the Python base (use_python_base).
start_engine_test() {
  skip_unless_root
  fresh_work_dir "$1"
  export XDG_CACHE_HOME=$WORK/cache
  DOCKER_STATE=$2
  use_python_base
}

# build_hello_image: examples/hello on the base into $WORK/image (tag 0.1.0), its `pycontainer inspect --json`
# in $WORK/inspect.json and what it prints as $greeting, with the base's Python version from its Env.
build_hello_image() {
  "$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$base" \
    --output "$WORK/image" >/dev/null
  "$PYCONTAINER" inspect --json "$WORK/image:0.1.0" >"$WORK/inspect.json"
  greeting="Hello from PyContainer! (Python $(json_get "$WORK/inspect.json" \
    '[e.split("=", 1)[1] for e in d["env"] if e.startswith("PYTHON_VERSION=")][0]') on Linux)"
}

# engine_scratch_dir NAME: a new directory for an engine's store and sockets, on tmpfs (/dev/shm) where
# there is one: removing a store of ~8,000 files took 4-22 s on this machine's disk, 0.1 s there; the
# path stays short for the unix sockets in it (108 bytes at most).
engine_scratch_dir() {
  local parent=/dev/shm
  [[ -d $parent && -w $parent ]] || parent=/tmp
  mktemp -d "$parent/pycontainer-$1.XXXXXX"
}

# docker ARGS...: Debian's docker CLI (matching its daemon) talking to the fixture's daemon.
docker() {
  [[ -f $DOCKER_STATE/run_dir ]] || fail "no Docker daemon in $DOCKER_STATE (the fixture engines.fixture.start_docker starts it)"
  /usr/bin/docker --host "unix://$(cat "$DOCKER_STATE/run_dir")/docker.sock" "$@"
}

# use_podman: podman ARGS... then runs Podman with its own store in an engine_scratch_dir (conmon's
# sockets live in the run root), removed when the test exits, and the settings TESTBED.md
# names: no default ulimits (the sandbox refuses setrlimit) and runc (crun refuses the hybrid cgroups).
use_podman() {
  require_tool podman podman
  require_tool runc runc
  PODMAN_DIR=$(engine_scratch_dir podman)
  trap 'podman_cleanup' EXIT
  # lock_type "file": its locks in --tmpdir, not in the machine's /dev/shm/libpod_lock.
  printf '[containers]\ndefault_ulimits = []\n[engine]\nlock_type = "file"\n' >"$PODMAN_DIR/containers.conf"
}

podman() {
  CONTAINERS_CONF="$PODMAN_DIR/containers.conf" command podman --root "$PODMAN_DIR/root" --runroot "$PODMAN_DIR/run" \
    --tmpdir "$PODMAN_DIR/tmp" --events-backend none --cgroup-manager cgroupfs "$@"
}

podman_cleanup() {
  podman rmi --all --force >/dev/null 2>&1 || true
  rm -rf "$PODMAN_DIR"
}

# docker_archive LAYOUT REF FILE NAME:TAG: the image as a docker-archive that `docker load` and
# `podman load` read.
docker_archive() {
  require_tool skopeo skopeo
  rm -f "$3"
  skopeo copy --quiet "oci:$1:$2" "docker-archive:$3:$4" || fail "skopeo cannot write $1:$2 as a docker-archive"
}

# elapsed_since START: seconds since START (a `date +%s.%N`), to three decimals.
elapsed_since() {
  printf '%.3f' "$(echo "$(date +%s.%N) - $1" | bc)"
}
