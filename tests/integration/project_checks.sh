#!/usr/bin/env bash
# Checks that catch a wrong image before it runs (issue 14): a requires-python (PEP 621, or Poetry's
# python dependency) that excludes the base's Python is an error naming both, unless overridden by
# --ignore-requires-python or ignore_requires_python; --include-deps that finds only a lock file is an
# error saying how to export it. And --dry-run touches nothing: it runs no pip (nor anything else),
# connects nowhere, writes nothing, and lists what pip would install.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
require_tool strace strace

# project DIR PYPROJECT: a console-script project whose pyproject.toml is PYPROJECT.
project() {
  mkdir -p "$1/greeter"
  printf '%s\n' "$2" >"$1/pyproject.toml"
  touch "$1/greeter/__init__.py"
  printf 'def main():\n    print("greeter says hello")\n' >"$1/greeter/cli.py"
}

project "$WORK/newer" '[project]
name = "greeter"
version = "1.0"
requires-python = ">=3.12"
scripts = {greeter = "greeter.cli:main"}'
expect_refused requires-python \
  "requires-python \">=3.12\" (pyproject.toml [project] requires-python) excludes the base's Python 3.11." \
  --context "$WORK/newer" --base-image "$base"
expect_contains "$(cat "$WORK/requires-python.err")" \
  "use a base with Python 3.12 or later (e.g. --base-image python:3.12-slim), or pass --ignore-requires-python" \
  "the requires-python error"
# The full version comes from the base's package database (Debian's python3.11-minimal), without running it.
[[ $(cat "$WORK/requires-python.err") =~ "Python 3.11."[0-9]+" ($base)" ]] ||
  fail "the error names no X.Y.Z of the base's Python: $(cat "$WORK/requires-python.err")"

# The build-system steps refuse it too, at the assemble step.
steps=(--context "$WORK/newer" --base-image "$base")
"$PYCONTAINER" --quiet base "${steps[@]}" --record "$WORK/base.json" --staging "$WORK/base-staging"
"$PYCONTAINER" --quiet layer "${steps[@]}" --record "$WORK/app.json" --staging "$WORK/app-staging"
status=0
"$PYCONTAINER" assemble "${steps[@]}" --base-record "$WORK/base.json" --layer-record "$WORK/app.json" \
  --output "$WORK/out-assemble" 2>"$WORK/assemble.err" || status=$?
expect_eq "$status" 2 "exit status of the assemble step ($(cat "$WORK/assemble.err"))"
expect_contains "$(cat "$WORK/assemble.err")" "excludes the base's Python 3.11" "the assemble step's error"
[[ ! -e $WORK/out-assemble ]] || fail "the assemble step wrote $WORK/out-assemble"

"$PYCONTAINER" --quiet build --context "$WORK/newer" --base-image "$base" --ignore-requires-python \
  --output "$WORK/ignored" >/dev/null
[[ -f $WORK/ignored/index.json ]] || fail "--ignore-requires-python did not build"
cp -r "$WORK/newer" "$WORK/newer-configured"
printf '[tool.pycontainer]\nignore_requires_python = true\n' >>"$WORK/newer-configured/pyproject.toml"
"$PYCONTAINER" --quiet build --context "$WORK/newer-configured" --base-image "$base" --output "$WORK/configured" >/dev/null
plan=$("$PYCONTAINER" build --context "$WORK/newer-configured" --base-image "$base" --dry-run)
expect_contains "$plan" "Python:      >=3.12 (from pyproject.toml [project] requires-python; not checked, --ignore-requires-python)" \
  "the dry run"

project "$WORK/poetry" '[tool.poetry]
name = "greeter"
version = "1.0"
[tool.poetry.scripts]
greeter = "greeter.cli:main"
[tool.poetry.dependencies]
python = "^3.12"'
expect_refused poetry-python \
  "requires-python \"^3.12\" (pyproject.toml [tool.poetry.dependencies] python) excludes the base's Python 3.11." \
  --context "$WORK/poetry" --base-image "$base"

project "$WORK/admitted" '[project]
name = "greeter"
version = "1.0"
requires-python = ">=3.9,<3.13"
scripts = {greeter = "greeter.cli:main"}'
"$PYCONTAINER" --quiet build --context "$WORK/admitted" --base-image "$base" --output "$WORK/admitted-image" >/dev/null

# --dry-run touches nothing: no process (pip) is started, no connection made, nothing created.
project "$WORK/dry" '[project]
name = "greeter"
version = "1.0"
scripts = {greeter = "greeter.cli:main"}'
printf 'flask==2.2.2  # the web framework\n-r more.txt\n' >"$WORK/dry/requirements.txt"
printf '# more\nrequests>=2.28\n' >"$WORK/dry/more.txt"
export XDG_CACHE_HOME=$WORK/cache
mkdir -p "$XDG_CACHE_HOME"
trace_calls "$WORK/dry.strace" execve,connect,openat,mkdir,mkdirat,rename,renameat,renameat2 \
  "$PYCONTAINER" build --context "$WORK/dry" --base-image "$base" --include-deps --dry-run >"$WORK/dry.plan"
expect_eq "$(grep -c 'execve(' "$WORK/dry.strace")" 1 "processes the dry run started ($(grep 'execve(' "$WORK/dry.strace"))"
! grep -q 'connect(' "$WORK/dry.strace" || fail "the dry run connected: $(grep 'connect(' "$WORK/dry.strace")"
written=$(grep -E 'O_WRONLY|O_RDWR|O_CREAT|mkdir|rename' "$WORK/dry.strace" | grep -v '"/dev/' || true)
[[ -z $written ]] || fail "the dry run wrote: $written"
[[ -z $(ls -A "$XDG_CACHE_HOME") ]] || fail "the dry run wrote into the cache: $(find "$XDG_CACHE_HOME")"
plan=$(cat "$WORK/dry.plan")
expect_contains "$plan" "Dependencies: requirements $WORK/dry/requirements.txt via pip (Python 3.11), not staged yet" "the dry run"
expect_contains "$plan" "pip is not run in a dry run; it would install:
  flask==2.2.2
  requests>=2.28" "the dry run"

# Nor with a virtualenv, whose scripts a build rewrites into the cache (their shebangs name the image's python).
venv=$WORK/dry/.venv
mkdir -p "$venv/lib/python3.11/site-packages/greet-1.0.dist-info" "$venv/bin"
printf 'home = /usr/bin\nversion = 3.11.2\n' >"$venv/pyvenv.cfg"
printf 'Metadata-Version: 2.1\nName: greet\nVersion: 1.0\n' >"$venv/lib/python3.11/site-packages/greet-1.0.dist-info/METADATA"
printf '#!%s/bin/python3\nimport sys\n' "$venv" >"$venv/bin/greet"
chmod +x "$venv/bin/greet"
printf 'greet-1.0.dist-info/METADATA,,\n../../../bin/greet,,\n' >"$venv/lib/python3.11/site-packages/greet-1.0.dist-info/RECORD"
trace_calls "$WORK/dry-venv.strace" execve,connect,openat,mkdir,mkdirat,rename,renameat,renameat2 \
  "$PYCONTAINER" build --context "$WORK/dry" --base-image "$base" --include-deps --dry-run >"$WORK/dry-venv.plan"
written=$(grep -E 'O_WRONLY|O_RDWR|O_CREAT|mkdir|rename' "$WORK/dry-venv.strace" | grep -v '"/dev/' || true)
[[ -z $written ]] || fail "the dry run with a venv wrote: $written"
[[ -z $(ls -A "$XDG_CACHE_HOME") ]] || fail "the dry run with a venv wrote into the cache: $(find "$XDG_CACHE_HOME")"
expect_contains "$(cat "$WORK/dry-venv.plan")" "greet 1.0" "the dry run with a venv"
echo "PASS"
