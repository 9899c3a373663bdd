#!/usr/bin/env bash
# examples/fastapi-app with its dependencies in a virtualenv in its context (FastAPI, uvicorn and their
# dependencies from Debian's packages): built with --include-deps, its entrypoint (uvicorn) and port
# detected, unpacked with umoci, and its entrypoint started in the root filesystem answers HTTP with
# the app's JSON.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
export XDG_CACHE_HOME="$WORK/cache"
require_tool skopeo skopeo

build_fastapi_image "$WORK"
check_layout_with_tools "$WORK/image" 0.1.0

config="$WORK/config.json"
skopeo inspect --config "oci:$WORK/image:0.1.0" >"$config" || fail "skopeo cannot inspect the config"
# python3 -c LAUNCHER uvicorn ...: the launcher (README: Stopping) runs `python3 -m uvicorn ...`.
expect_eq "$(json_get "$config" '" ".join(d["config"]["Entrypoint"][3:] + (d["config"].get("Cmd") or []))')" \
  "uvicorn app.main:app --host 0.0.0.0 --port 8000" "the detected entrypoint after its launcher"
expect_eq "$(json_get "$config" '" ".join(sorted(d["config"]["ExposedPorts"]))')" "8000/tcp" "the exposed ports"

unpack_image "$WORK/image" 0.1.0 "$WORK/bundle"
rootfs="$WORK/bundle/rootfs"
[[ -f $rootfs/app/app/main.py ]] || fail "the app's code is not in the image"
[[ -f $rootfs/app/.venv/lib/python3.11/site-packages/fastapi/__init__.py ]] || fail "fastapi is not in the image's venv"
[[ -f $rootfs/app/.venv/lib/python3.11/site-packages/uvicorn/__init__.py ]] || fail "uvicorn is not in the image's venv"

# uvicorn takes the last --host and --port: the server listens on a free loopback port, not 0.0.0.0:8000.
port=$(free_port)
body=$(serve_and_get "$WORK/bundle" "$port" / --host 127.0.0.1 --port "$port")
expect_eq "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1]))' "$body")" \
  "{'message': 'Hello from a FastAPI app in a PyContainer image'}" "the app's answer"
echo "PASS: $body"
