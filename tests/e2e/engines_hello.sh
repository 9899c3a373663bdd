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

expect_docker_config pycontainer-test/hello:0.1.0 "$WORK/inspect.json" ""
echo "PASS: $greeting (Docker and Podman)"
