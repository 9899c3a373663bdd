#!/usr/bin/env bash
# `docker stop` of an image's long-running process ends within 2 s: as PID 1 the process gets no
# default action for SIGTERM, so the generated launcher of a [project.scripts] function must act on it
# (exit 143) or Docker waits out its timeout and kills it (exit 137). The project is examples/hello
# whose main() waits instead of greeting.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"

cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/waiter"
cat >"$WORK/waiter/hello/cli.py" <<'PY'
import time


def main() -> int:
    print("waiting", flush=True)
    time.sleep(600)
    return 0
PY
"$PYCONTAINER" --quiet build --context "$WORK/waiter" --base-image "$base" --output "$WORK/image" >/dev/null
docker_archive "$WORK/image" 0.1.0 "$WORK/waiter.tar" pycontainer-test/waiter:0.1.0
docker load --quiet --input "$WORK/waiter.tar" >/dev/null || fail "docker load rejects the image"
rm "$WORK/waiter.tar"

container=$(docker run --detach --network none pycontainer-test/waiter:0.1.0) || fail "docker run failed"
trap 'docker rm --force "$container" >/dev/null 2>&1 || true' EXIT
for attempt in $(seq 1 100); do
  [[ $(docker logs "$container" 2>&1) == waiting ]] && break
  sleep 0.1
done
expect_eq "$(docker logs "$container" 2>&1)" "waiting" "the container's output before the stop"

docker_stop_within_2s "$container"
expect_eq "$(docker inspect --format '{{.State.ExitCode}}' "$container")" 143 "the exit status after SIGTERM"
echo "PASS: stopped with status 143"
