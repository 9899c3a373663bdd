#!/usr/bin/env bash
# Zero configuration across metadata sources (issue 14): projects shaped like Poetry 1.x, setup.cfg-only,
# setup.py-only and Hatch dynamic-version ones, and a directory with no metadata at all, are built with
# nothing but --base-image. The default tag comes from each one's own metadata, --dry-run says where name
# and version came from, and the console script runs in the unpacked image.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
projects=$PYCONTAINER_SOURCE_DIR/tests/projects

# check PROJECT TAG OUTPUT PLAN-LINE...: builds PROJECT as its user would, in its directory (a copy in
# $WORK, so no output lands in the source tree) with only the base; checks the dry run names each
# PLAN-LINE, then runs the image tagged TAG and expects OUTPUT.
check() {
  local project=$1 tag=$2 output=$3
  shift 3
  local context=$WORK/$project
  cp -r "$projects/$project" "$context"
  local plan
  plan=$(cd "$context" && "$PYCONTAINER" build --base-image "$base" --dry-run 2>"$WORK/$project.stderr") ||
    fail "$project: dry run failed: $(cat "$WORK/$project.stderr")"
  expect_contains "$plan" "Image:       docker.io/library/$tag" "$project's plan"
  local line
  for line in "$@"; do
    expect_contains "$plan" "$line" "$project's plan"
  done
  (cd "$context" && "$PYCONTAINER" --quiet build --base-image "$base" >/dev/null) ||
    fail "$project: the build with only --base-image failed"
  unpack_image "$context/dist/image" "${tag#*:}" "$WORK/$project.bundle"
  local printed
  printed=$(python3 "$(dirname "$0")/run_bundle.py" "$WORK/$project.bundle" -- one two) ||
    fail "$project: the image's console script failed"
  expect_eq "$printed" "$output" "$project's console script"
  echo "ok: $project -> $tag: $printed"
}

check poetry1_cli poetry-greeter:0.3.1 "poetry-greeter says hello (args: ['one', 'two'])" \
  "Name:        poetry-greeter (from pyproject.toml [tool.poetry])" \
  "Version:     0.3.1 (from pyproject.toml [tool.poetry])" \
  "(first [tool.poetry.scripts] entry: poetry-greeter = 'poetry_greeter.cli:main')"

check setup_cfg_cli cfg-greeter:2.1.0 "cfg-greeter 2.1.0 says hello" \
  "Name:        cfg-greeter (from setup.cfg [metadata])" \
  "Version:     2.1.0 (from src/cfg_greeter/__init__.py __version__, setup.cfg [metadata] attr:)" \
  "(first setup.cfg [options.entry_points] console_scripts entry: cfg-greeter = 'cfg_greeter.__main__:main')"

check setup_py_cli py-greeter:1.4.2 "py-greeter says hello" \
  "Name:        py-greeter (from setup.py)" \
  "Version:     1.4.2 (from setup.py)" \
  "(first setup.py entry_points console_scripts entry: py-greeter = 'py_greeter.cli:run')"
# The function's result is the exit status, as with the console script pip writes.
status=0
python3 "$(dirname "$0")/run_bundle.py" "$WORK/setup_py_cli.bundle" -- --fail >/dev/null || status=$?
expect_eq "$status" 3 "py-greeter --fail's exit status"

check hatch_dynamic hatch_greeter:1.2.0 "hatch-greeter 1.2.0 says hello" \
  "Name:        Hatch_Greeter (from pyproject.toml [project])" \
  "Version:     1.2.0 (from src/hatch_greeter/__about__.py __version__, [tool.hatch.version])"
expect_contains "$(cat "$WORK/hatch_dynamic.stderr")" \
  "the default tag is named \"hatch_greeter\": \"Hatch_Greeter\" is not a valid image name" "the dry run's messages"

# No metadata anywhere is no error: the tag is the context directory's name, made valid, with "latest".
mkdir -p "$WORK/Plain App"
echo 'print("plain app says hello")' >"$WORK/Plain App/main.py"
plan=$(cd "$WORK/Plain App" && "$PYCONTAINER" build --base-image "$base" --dry-run 2>/dev/null)
expect_contains "$plan" "Image:       docker.io/library/plain-app:latest" "the plain app's plan"
expect_contains "$plan" "Name:        (none in the project's metadata)" "the plain app's plan"
echo "PASS"
