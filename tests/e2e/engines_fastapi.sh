#!/usr/bin/env bash
# examples/fastapi-app with its venv (as e2e.deps_fastapi builds it) in real engines: loaded into Docker
# and Podman and run with --network host on a free loopback port, it answers HTTP on 127.0.0.1 with the
# app's JSON (in Docker as uid 12345 on a read-only root filesystem), and `docker stop` ends uvicorn
# (which handles SIGTERM) within 2 s.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
use_podman

build_fastapi_image "$WORK"
docker_archive "$WORK/image" 0.1.0 "$WORK/fastapi.tar" pycontainer-test/fastapi-app:0.1.0
expected="{'message': 'Hello from a FastAPI app in a PyContainer image'}"

# answer ENGINE CONTAINER PORT: the app's JSON answer on 127.0.0.1:PORT, waiting (at most 30 s) for the
# server in CONTAINER to listen.
answer() {
  local engine=$1 container=$2 port=$3 body attempt
  for attempt in $(seq 1 150); do
    if body=$(http_get "http://127.0.0.1:$port/" 2>/dev/null); then
      python3 -c 'import json, sys; print(json.loads(sys.argv[1]))' "$body"
      return
    fi
    [[ $("$engine" inspect --format '{{.State.Running}}' "$container") == true ]] || break
    sleep 0.2
  done
  "$engine" logs "$container" >&2 || true
  fail "no HTTP answer from the app in $engine on 127.0.0.1:$port"
}

docker load --quiet --input "$WORK/fastapi.tar" >/dev/null || fail "docker load rejects the image"
# uvicorn takes the last --host and --port: the arguments after the image's name are its Cmd.
port=$(free_port)
# In Docker as an arbitrary uid on a read-only root filesystem, as OpenShift would run it.
container=$(docker run --detach --network host --user 12345:12345 --read-only pycontainer-test/fastapi-app:0.1.0 \
  --host 127.0.0.1 --port "$port")
trap 'docker rm --force "$container" >/dev/null 2>&1 || true; podman_cleanup' EXIT
started=$(date +%s.%N)
expect_eq "$(answer docker "$container" "$port")" "$expected" "the app's answer in Docker"
echo "docker: first answer after $(elapsed_since "$started") s"
started=$(date +%s.%N)
docker stop --time 5 "$container" >/dev/null || fail "docker stop failed"
elapsed=$(elapsed_since "$started")
echo "docker stop: $elapsed s, exit status $(docker inspect --format '{{.State.ExitCode}}' "$container")"
(($(echo "$elapsed < 2" | bc))) || fail "docker stop took $elapsed s, more than 2 s"

podman load --quiet --input "$WORK/fastapi.tar" >/dev/null || fail "podman load rejects the image"
rm "$WORK/fastapi.tar"
port=$(free_port)
podman_container=$(podman run --detach --network host --runtime runc pycontainer-test/fastapi-app:0.1.0 \
  --host 127.0.0.1 --port "$port")
started=$(date +%s.%N)
expect_eq "$(answer podman "$podman_container" "$port")" "$expected" "the app's answer in Podman"
echo "podman: first answer after $(elapsed_since "$started") s"
podman rm --force "$podman_container" >/dev/null
echo "PASS: $expected (Docker and Podman, --network host)"
