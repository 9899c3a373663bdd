#!/usr/bin/env bash
# Zero configuration across metadata sources (issue 14), beyond what e2e.corpus checks of each project of
# tests/projects: a setup.py console script's function result is the image's exit status, an invalid
# project name is made valid and told, and a directory with no metadata at all is no error.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
projects=$PYCONTAINER_SOURCE_DIR/tests/projects

# The function's result is the exit status, as with the console script pip writes.
cp -r "$projects/setup_py_cli" "$WORK/setup_py_cli"
(cd "$WORK/setup_py_cli" && "$PYCONTAINER" --quiet build --base-image "$base" >/dev/null) ||
  fail "setup_py_cli: the build with only --base-image failed"
unpack_image "$WORK/setup_py_cli/dist/image" 1.4.2 "$WORK/setup_py_cli.bundle"
status=0
python3 "$(dirname "$0")/run_bundle.py" "$WORK/setup_py_cli.bundle" -- --fail >/dev/null || status=$?
expect_eq "$status" 3 "py-greeter --fail's exit status"

cp -r "$projects/hatch_dynamic" "$WORK/hatch_dynamic"
(cd "$WORK/hatch_dynamic" && "$PYCONTAINER" build --base-image "$base" --dry-run >/dev/null 2>"$WORK/hatch.stderr") ||
  fail "hatch_dynamic: the dry run failed: $(cat "$WORK/hatch.stderr")"
expect_contains "$(cat "$WORK/hatch.stderr")" \
  "the default tag is named \"hatch_greeter\": \"Hatch_Greeter\" is not a valid image name" "the dry run's messages"

# No metadata anywhere is no error: the tag is the context directory's name, made valid, with "latest".
mkdir -p "$WORK/Plain App"
echo 'print("plain app says hello")' >"$WORK/Plain App/main.py"
plan=$(cd "$WORK/Plain App" && "$PYCONTAINER" build --base-image "$base" --dry-run 2>/dev/null)
expect_contains "$plan" "Image:       docker.io/library/plain-app:latest" "the plain app's plan"
expect_contains "$plan" "Name:        (none in the project's metadata)" "the plain app's plan"
echo "PASS"
