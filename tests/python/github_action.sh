#!/usr/bin/env bash
# The GitHub action's steps (helper/python/ci/action.sh, what action.yml runs) against the plain test
# registry: every input of action.yml reaches the script as its INPUT_* variable; the script installs
# this repository into a fresh venv (offline, the test build's helper), builds examples/hello, pushes it
# to the registry (--registry), writes the digest and references to $GITHUB_OUTPUT; the registry serves
# that digest and the image runs. A bad boolean input is refused.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
use_registry "$2"
use_python_base

"$SYSTEM_PYTHON" - "$PYCONTAINER_SOURCE_DIR/action.yml" <<'PY' || fail "action.yml's inputs and the script's variables"
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
step, = action["runs"]["steps"]
assert action["runs"]["using"] == "composite" and "helper/python/ci/action.sh" in step["run"], step
env = step["env"]
for name in action["inputs"]:
    variable = "INPUT_" + name.upper().replace("-", "_")
    assert env.get(variable) == "${{ inputs.%s }}" % name, f"input {name} is not passed as {variable}"
    assert variable in open(sys.argv[1].replace("action.yml", "helper/python/ci/action.sh")).read(), variable
assert action["outputs"]["digest"]["value"] == "${{ steps.build.outputs.digest }}" and step["id"] == "build"
print("action.yml: inputs", ", ".join(action["inputs"]))
PY

cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/hello"
run_action() {
  (cd "$WORK" && env PYCONTAINER_ACTION_SOURCE="$PYCONTAINER_SOURCE_DIR" PYCONTAINER_VENV="$WORK/venv" \
    PYCONTAINER_PYTHON="$SYSTEM_PYTHON" PYCONTAINER_VENV_ARGS=--system-site-packages PYCONTAINER_PIP_ARGS="--no-build-isolation --no-index --no-deps" \
    PYCONTAINER_HELPER_BUILD_DIR="$PYCONTAINER_BUILD_DIR" GITHUB_OUTPUT="$WORK/github_output" RUNNER_TEMP="$WORK" \
    INPUT_TAG=hello:ci INPUT_CONTEXT=hello INPUT_BASE_IMAGE="$base" INPUT_INCLUDE_DEPS=false INPUT_PUSH=true \
    INPUT_REGISTRY="$REGISTRY/ci/hello" INPUT_OUTPUT=image "$@" bash "$PYCONTAINER_SOURCE_DIR/helper/python/ci/action.sh")
}
run_action >"$WORK/action.out" 2>"$WORK/action.err" || fail "the action failed: $(tail -20 "$WORK/action.err")"
[[ -x $WORK/venv/bin/pycontainer ]] || fail "the action installed no pycontainer into its venv"
digest=$(manifest_digest "$WORK/image" ci)
expect_eq "$(grep '^digest=' "$WORK/github_output")" "digest=$digest" "the digest output"
expect_contains "$(cat "$WORK/github_output")" $'references<<PYCONTAINER_EOF\ndocker.io/library/hello:ci\nPYCONTAINER_EOF' \
  "the references output"
expect_eq "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/ci/hello:ci")" "$digest" \
  "what the registry serves"
expect_contains "$(run_image "$WORK/image" ci "$WORK/bundle")" "Hello from PyContainer! (Python 3." "the image's output"

status=0
run_action INPUT_PUSH=maybe >/dev/null 2>"$WORK/bad.err" || status=$?
expect_eq "$status" 2 "exit status of push: maybe"
expect_contains "$(cat "$WORK/bad.err")" "'maybe' is not true or false (input push)" "the error"
echo "ok: the action pushed $REGISTRY/ci/hello:ci@$digest"
