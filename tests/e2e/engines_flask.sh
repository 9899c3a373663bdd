#!/usr/bin/env bash
# The Flask app of e2e.deps_flask_venv (its venv in the context) in real engines: run with --network host
# on a free loopback port, in Docker as uid 12345 on a read-only root filesystem and in Podman, it
# answers HTTP on 127.0.0.1, and `docker stop` ends it within 2 s: the Flask server does not act on
# SIGTERM itself, the generated launcher does (without it: 5.09 s with --time 5, killed, 137).
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
use_podman

make_flask_app "$WORK/flask-app"
"$PYCONTAINER" --quiet build --context "$WORK/flask-app" --base-image "$base" --include-deps \
  --output "$WORK/image" >/dev/null
docker_archive "$WORK/image" 1.0 "$WORK/flask.tar" pycontainer-test/flask-hello:1.0
expected="hello from flask in the image (&lt;ok&gt;)"

serve_in_engines "$WORK/flask.tar" pycontainer-test/flask-hello:1.0 "$expected"
docker_stop_within_2s "$docker_container"
echo "PASS: $expected (Docker and Podman, --network host)"
