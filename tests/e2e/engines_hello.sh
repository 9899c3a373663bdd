#!/usr/bin/env bash
# examples/hello in real engines: its image, as a docker-archive, loads into Docker (the fixture's
# daemon) and Podman and prints the exact greeting there, also as an arbitrary uid on a read-only root
# filesystem; `docker inspect` shows the config `pycontainer inspect` reports and `docker history` our
# history entries.
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
use_podman

build_hello_image
docker_archive "$WORK/image" 0.1.0 "$WORK/hello.tar" pycontainer-test/hello:0.1.0

run_in_engines "$WORK/hello.tar" pycontainer-test/hello:0.1.0 "$greeting"

# Docker's view of the config is ours; ExposedPorts is null in Docker where we say [].
docker inspect --format '{{json .Config}}' pycontainer-test/hello:0.1.0 >"$WORK/docker-config.json"
python3 - "$WORK/inspect.json" "$WORK/docker-config.json" <<'PY' || fail "docker inspect differs from pycontainer inspect"
import json, sys
ours, docker = (json.load(open(path)) for path in sys.argv[1:])
pairs = {"Entrypoint": "entrypoint", "Cmd": "cmd", "Env": "env", "WorkingDir": "working_dir", "User": "user",
         "Labels": "labels"}
differ = [f"{key}: docker {docker[key]!r}, pycontainer {ours[field]!r}" for key, field in pairs.items()
          if docker[key] != ours[field]]
if sorted(docker.get("ExposedPorts") or {}) != sorted(ours["exposed_ports"]):
    differ.append(f"ExposedPorts: docker {docker.get('ExposedPorts')!r}, pycontainer {ours['exposed_ports']!r}")
if not ours["entrypoint"] or not ours["working_dir"] or not ours["labels"]:
    differ.append(f"pycontainer inspect lacks the entrypoint, working dir or labels: {ours}")
sys.exit("\n".join(differ) or None)
PY
# docker history lists the newest layer first.
history=$(docker history --no-trunc --format '{{.CreatedBy}}' pycontainer-test/hello:0.1.0)
expected_history=$(json_get "$WORK/inspect.json" '"\n".join(h["created_by"] for h in reversed(d["history"]))')
expect_contains "$expected_history" "pycontainer build: app layer" "pycontainer inspect's history"
expect_eq "$history" "$expected_history" "docker history"
echo "PASS: $greeting (Docker and Podman)"
