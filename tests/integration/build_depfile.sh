#!/usr/bin/env bash
# `pycontainer build --depfile` (issue 15): one Ninja rule makes an image. The depfile names what the
# build read, so a second build does nothing, a changed or added context file or a changed base
# rebuilds, and an input touched without a change rebuilds to the same image without rewriting
# index.json (restat: nothing after it runs again).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
require_tool ninja ninja-build
mkdir -p "$WORK/app/pkg"
printf '[project]\nname = "depfile-app"\nversion = "1.0"\n' >"$WORK/app/pyproject.toml"
echo 'print("v1")' >"$WORK/app/main.py"
echo '' >"$WORK/app/pkg/__init__.py"
# The base is a copy, so that the test may change it.
cp -a "$base_dir" "$WORK/base"
cat >"$WORK/build.ninja" <<NINJA
rule image
  command = $PYCONTAINER --quiet build --context app --base-image oci:base:$base_tag --output image --depfile image.d
  depfile = image.d
  restat = 1
build image/index.json: image
rule stamp
  command = cp image/index.json after-image
build after-image: stamp image/index.json
NINJA

# ninja_run: runs ninja in $WORK, prints its output; the first line of what it did is $ran.
ninja_run() {
  (cd "$WORK" && ninja) >"$WORK/ninja.out" 2>&1 || { cat "$WORK/ninja.out"; fail "ninja failed"; }
  cat "$WORK/ninja.out"
}
expect_ran() {
  local description=$1 expected=$2 output
  output=$(ninja_run)
  expect_contains "$output" "$expected" "ninja's output after $description"
  echo "ok: $description: $(tr '\n' ' ' <<<"$output")"
}

expect_ran "the first build" "[2/2]"
[[ -s $WORK/image.d ]] || fail "no depfile written"
expect_contains "$(cat "$WORK/image.d")" "$WORK/app/main.py" "the depfile"
expect_contains "$(cat "$WORK/image.d")" "$WORK/base/index.json" "the depfile"
expect_ran "a second build" "ninja: no work to do."

echo 'print("v2")' >"$WORK/app/main.py"
expect_ran "a changed file" "[2/2]"
expect_ran "the build after it" "ninja: no work to do."

echo 'VALUE = 1' >"$WORK/app/pkg/new.py"
expect_ran "an added file" "[2/2]"
manifest=$(manifest_digest "$WORK/image" 1.0)

# Touched, not changed: the build runs, the image is the same, index.json is not rewritten, so the
# step after it does not run.
sleep 1
touch "$WORK/app/main.py"
output=$(ninja_run)
expect_contains "$output" "[1/2]" "ninja's output after a touch"
[[ $output != *"[2/2]"* ]] || fail "the step after the image ran although index.json did not change: $output"
expect_eq "$(manifest_digest "$WORK/image" 1.0)" "$manifest" "the image after a touch"
echo "ok: a touched file: $(tr '\n' ' ' <<<"$output")"

# Another base: its index.json changed, so the image is rebuilt on it.
"$PYCONTAINER" --quiet build --context "$WORK/app" --base-image "$base" --output "$WORK/base" --tag "python:$base_tag" \
  >/dev/null
expect_ran "a changed base" "[2/2]"
[[ $(manifest_digest "$WORK/image" 1.0) != "$manifest" ]] || fail "the image on the new base is the old one"
echo "PASS"
