#!/usr/bin/env bash
# `docker stop` of an image's long-running process ends within 2 s, with each kind of entrypoint the
# helper detects: a [project.scripts] function and module, a package's __main__.py, main.py at the top.
# As PID 1 the process gets no default action for SIGTERM, so the generated launcher must act on it
# (exit 143) or Docker waits out its timeout and kills it (exit 137).
set -euo pipefail
source "$(dirname "$0")/engines_lib.sh"
start_engine_test "$1" "$2"

# waiter_project DIR SCRIPTS-ENTRY: a project whose code prints "waiting" and sleeps, in waiter/cli.py
# (also as waiter/__main__.py and main.py); SCRIPTS-ENTRY is its [project.scripts] line, if any.
waiter_project() {
  mkdir -p "$1/waiter"
  printf '[project]\nname = "waiter"\nversion = "1.0"\n%s\n' "${2:+[project.scripts]
$2}" >"$1/pyproject.toml"
  touch "$1/waiter/__init__.py"
  cat >"$1/waiter/cli.py" <<'PY'
import time


def main() -> int:
    print("waiting", flush=True)
    time.sleep(600)
    return 0


if __name__ == "__main__":
    main()
PY
}

declare -A entrypoints
for kind in function module package main.py; do
  project="$WORK/$kind"
  case $kind in
    function) waiter_project "$project" 'waiter = "waiter.cli:main"' ;;
    module) waiter_project "$project" 'waiter = "waiter.cli"' ;;
    package) waiter_project "$project" "" && cp "$project/waiter/cli.py" "$project/waiter/__main__.py" ;;
    main.py) waiter_project "$project" "" && cp "$project/waiter/cli.py" "$project/main.py" && rm -r "$project/waiter" ;;
  esac
  "$PYCONTAINER" --quiet build --context "$project" --base-image "$base" --output "$WORK/image-$kind" >/dev/null
  entrypoints[$kind]=$("$PYCONTAINER" inspect --json "$WORK/image-$kind:1.0" | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["entrypoint"][3:])')
  docker_archive "$WORK/image-$kind" 1.0 "$WORK/waiter.tar" "pycontainer-test/waiter-$kind:1.0"
  docker load --quiet --input "$WORK/waiter.tar" >/dev/null || fail "docker load rejects the $kind image"
  rm "$WORK/waiter.tar"
done
containers=()
trap 'docker rm --force "${containers[@]}" >/dev/null 2>&1 || true' EXIT
for kind in function module package main.py; do
  container=$(docker run --detach --network none "pycontainer-test/waiter-$kind:1.0") || fail "docker run failed"
  containers+=("$container")
  for attempt in $(seq 1 100); do
    [[ $(docker logs "$container" 2>&1) == waiting ]] && break
    sleep 0.1
  done
  expect_eq "$(docker logs "$container" 2>&1)" "waiting" "the $kind container's output before the stop"
  echo -n "$kind: "
  docker_stop_within_2s "$container"
  expect_eq "$(docker inspect --format '{{.State.ExitCode}}' "$container")" 143 "the $kind's exit status after SIGTERM"
done
# Each kind as detected: the launcher's code (python3 -c CODE) and what it runs.
expect_eq "${entrypoints[function]}" "[]" "the arguments of the function's launcher"
expect_eq "${entrypoints[module]}" "['waiter.cli']" "the arguments of the module's launcher"
expect_eq "${entrypoints[package]}" "['waiter']" "the arguments of the package's launcher"
expect_eq "${entrypoints[main.py]}" "['/app/main.py']" "the arguments of main.py's launcher"
echo "PASS: each kind stopped with status 143"
