# Helpers for the tests that run our images in real container engines, with those of
# ../integration/lib.sh and lib.sh (sourced here): Docker through the private daemon of
# docker_fixture.sh (DOCKER_STATE), Podman with its storage in the test's work directory. Containers
# never join a bridge: they run with --network none or --network host.
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

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
  printf '[containers]\ndefault_ulimits = []\n[engine]\nlock_type = "file"\nruntime = "runc"\n' >"$PODMAN_DIR/containers.conf"
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

# run_in_engines ARCHIVE IMAGE EXPECTED: loads ARCHIVE (a docker-archive of IMAGE, removed then) into
# Docker and Podman and runs IMAGE in each with --network none, as it is and as an arbitrary uid on a
# read-only root filesystem (as OpenShift would run it): it must print EXPECTED every time. IMAGE
# stays loaded in both.
run_in_engines() {
  local archive=$1 image=$2 expected=$3 engine options started output
  for engine in docker podman; do
    started=$(date +%s.%N)
    "$engine" load --quiet --input "$archive" >/dev/null || fail "$engine load rejects $image"
    echo "$engine load: $(elapsed_since "$started") s"
    for options in "" "--user 12345:12345 --read-only"; do
      started=$(date +%s.%N)
      # shellcheck disable=SC2086 # the options are words
      output=$("$engine" run --rm --network none $options "$image") || fail "$engine run $options $image failed: $output"
      echo "$engine run${options:+ $options}: $(elapsed_since "$started") s"
      expect_eq "$output" "$expected" "the output in $engine${options:+ with $options}"
    done
  done
  rm "$archive"
}

# expect_docker_config IMAGE INSPECT-JSON PORTS: Docker's view of IMAGE (loaded in the daemon) is ours,
# as `pycontainer inspect --json` wrote it to INSPECT-JSON: `docker inspect` shows its Entrypoint, Cmd,
# Env, WorkingDir, User, Labels and ExposedPorts, which must be PORTS ("8000/tcp ...", "" for none:
# Docker says null where we say []), and `docker history` our history entries, newest first.
expect_docker_config() {
  local image=$1 ours=$2 ports=$3 history expected_history
  docker inspect --format '{{json .Config}}' "$image" >"$WORK/docker-config.json" || fail "docker inspect $image failed"
  python3 - "$ours" "$WORK/docker-config.json" "$ports" <<'PY' || fail "docker inspect of $image differs from pycontainer inspect"
import json, sys
ours, docker = (json.load(open(path)) for path in sys.argv[1:3])
pairs = {"Entrypoint": "entrypoint", "Cmd": "cmd", "Env": "env", "WorkingDir": "working_dir", "User": "user",
         "Labels": "labels"}
differ = [f"{key}: docker {docker[key]!r}, pycontainer {ours[field]!r}" for key, field in pairs.items()
          if docker[key] != ours[field]]
ports = sys.argv[3].split()
if sorted(docker.get("ExposedPorts") or {}) != sorted(ours["exposed_ports"]) or sorted(ours["exposed_ports"]) != ports:
    differ.append(f"ExposedPorts: docker {docker.get('ExposedPorts')!r}, pycontainer {ours['exposed_ports']!r}, "
                  f"expected {ports!r}")
if not ours["entrypoint"] or not ours["working_dir"] or not ours["labels"]:
    differ.append(f"pycontainer inspect lacks the entrypoint, working dir or labels: {ours}")
sys.exit("\n".join(differ) or None)
PY
  history=$(docker history --no-trunc --format '{{.CreatedBy}}' "$image") || fail "docker history $image failed"
  expected_history=$(json_get "$ours" '"\n".join(h["created_by"] for h in reversed(d["history"]))')
  expect_contains "$expected_history" "pycontainer build: app layer" "pycontainer inspect's history"
  expect_eq "$history" "$expected_history" "docker history of $image"
}

# engine_http_answer ENGINE CONTAINER PORT [inside|outside [PATH]]: the body of GET PATH (default /) on
# 127.0.0.1:PORT, waiting (at most 30 s) for the server in CONTAINER (of ENGINE, docker or podman) to
# listen; with "inside", asked by the image's python3 in the container (ENGINE exec), whose loopback
# that is with --network none.
engine_http_answer() {
  local engine=$1 container=$2 port=$3 path=${5:-/} body attempt get=(http_get)
  [[ ${4:-} == inside ]] && get=("$engine" exec "$container" python3 -c "$HTTP_GET_PY")
  for attempt in $(seq 1 150); do
    if body=$("${get[@]}" "http://127.0.0.1:$port$path" 2>/dev/null); then
      echo "$body"
      return
    fi
    [[ $("$engine" inspect --format '{{.State.Running}}' "$container") == true ]] || break
    sleep 0.2
  done
  "$engine" logs "$container" >&2 || true
  fail "no HTTP answer from the app in $engine on 127.0.0.1:$port$path"
}

# serve_in_engines ARCHIVE IMAGE EXPECTED: loads ARCHIVE (a docker-archive of IMAGE, removed then) into
# Docker and Podman and runs a web app's IMAGE in each with --network host, telling its server (uvicorn,
# flask run: the last --host and --port win; the arguments after the image's name are its Cmd) to listen
# on a free loopback port; in Docker as an arbitrary uid on a read-only root filesystem, as OpenShift
# would run it. GET / must answer EXPECTED in both. The Docker container is left running as
# $docker_container (removed when the test exits).
serve_in_engines() {
  local archive=$1 image=$2 expected=$3 port started podman_container
  docker load --quiet --input "$archive" >/dev/null || fail "docker load rejects $image"
  port=$(free_port)
  docker_container=$(docker run --detach --network host --user 12345:12345 --read-only "$image" \
    --host 127.0.0.1 --port "$port")
  trap 'docker rm --force "$docker_container" >/dev/null 2>&1 || true; podman_cleanup' EXIT
  started=$(date +%s.%N)
  expect_eq "$(engine_http_answer docker "$docker_container" "$port")" "$expected" "the app's answer in Docker"
  echo "docker: first answer after $(elapsed_since "$started") s"

  podman load --quiet --input "$archive" >/dev/null || fail "podman load rejects $image"
  rm "$archive"
  port=$(free_port)
  podman_container=$(podman run --detach --network host "$image" --host 127.0.0.1 --port "$port")
  started=$(date +%s.%N)
  expect_eq "$(engine_http_answer podman "$podman_container" "$port")" "$expected" "the app's answer in Podman"
  echo "podman: first answer after $(elapsed_since "$started") s"
  podman rm --force "$podman_container" >/dev/null
}

# docker_stop_within_2s CONTAINER: `docker stop` (SIGTERM, then SIGKILL after 5 s) must return within 2 s:
# PID 1 acted on SIGTERM. Prints the time and the exit status (137: killed after the timeout).
docker_stop_within_2s() {
  local started elapsed
  started=$(date +%s.%N)
  docker stop --time 5 "$1" >/dev/null || fail "docker stop failed"
  elapsed=$(elapsed_since "$started")
  echo "docker stop: $elapsed s, exit status $(docker inspect --format '{{.State.ExitCode}}' "$1")"
  (($(echo "$elapsed < 2" | bc))) || fail "docker stop took $elapsed s, more than 2 s: PID 1 ignored SIGTERM"
}

# elapsed_since START: seconds since START (a `date +%s.%N`), to three decimals.
elapsed_since() {
  printf '%.3f' "$(echo "$(date +%s.%N) - $1" | bc)"
}
