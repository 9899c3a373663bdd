#!/usr/bin/env bash
# The requirements case of e2e.deps_requirements in real engines: its image (greet, a console script of
# a wheel, with fastcalc's C extension, installed by pip from requirements.txt) loaded into Docker and
# Podman as a docker-archive prints its sum there, also as uid 12345 on a read-only root filesystem.
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"
use_podman

use_requirements_app "$WORK"
"$PYCONTAINER" --quiet build --context "$WORK/app" --base-image "$base" --include-deps --entrypoint greet \
  --output "$WORK/image" >/dev/null
docker_archive "$WORK/image" 1.0 "$WORK/greeter.tar" pycontainer-test/greeter:1.0

run_in_engines "$WORK/greeter.tar" pycontainer-test/greeter:1.0 "$requirements_greeting"
echo "PASS: $requirements_greeting (Docker and Podman)"
