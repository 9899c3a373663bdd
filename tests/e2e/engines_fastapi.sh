#!/usr/bin/env bash
# examples/fastapi-app with its venv (as e2e.deps_fastapi builds it) in real engines: loaded into Docker
# and Podman and run with --network host on a free loopback port, it answers HTTP on 127.0.0.1 with the
# app's JSON (in Docker as uid 12345 on a read-only root filesystem), `docker stop` ends uvicorn
# (which handles SIGTERM) within 2 s, and `docker inspect` (its exposed port, labels, env...) and
# `docker history` show what `pycontainer inspect` reports.
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
use_podman

build_fastapi_image "$WORK"
docker_archive "$WORK/image" 0.1.0 "$WORK/fastapi.tar" pycontainer-test/fastapi-app:0.1.0
expected='{"message":"Hello from a FastAPI app in a PyContainer image"}'

serve_in_engines "$WORK/fastapi.tar" pycontainer-test/fastapi-app:0.1.0 "$expected"
docker_stop_within_2s "$docker_container"
"$PYCONTAINER" inspect --json "$WORK/image:0.1.0" >"$WORK/inspect.json"
expect_docker_config pycontainer-test/fastapi-app:0.1.0 "$WORK/inspect.json" 8000/tcp
echo "PASS: $expected (Docker and Podman, --network host)"
