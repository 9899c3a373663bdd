#!/usr/bin/env bash
# The Hatch build hook with Debian's hatchling: `pip wheel --no-build-isolation` of projects/hatch_app in a
# venv with the wheel installed (the hook registers through the `hatch` entry point) builds the project's
# wheel and, from [tool.hatch.build.hooks.pycontainer], its image, which runs; an unknown hook key fails
# the build naming it.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
export HOME=$WORK/home
mkdir -p "$HOME"
use_python_base
"$SYSTEM_PYTHON" -c 'import hatchling' 2>/dev/null || fail "hatchling is not installed (Debian package: python3-hatchling)"
venv=$WORK/venv
venv_with_wheel "$venv"
project=$WORK/project
cp -r "$PYCONTAINER_SOURCE_DIR/tests/python/projects/hatch_app" "$project"
# The test's base, as a project would name its own.
sed -i "s|^include-deps = false|&\nbase-image = \"$base\"|" "$project/pyproject.toml"
grep -q '^base-image = ' "$project/pyproject.toml" || fail "no base-image line added"

"$venv/bin/pip" wheel --no-build-isolation --no-index --no-deps --wheel-dir "$WORK/wheels" "$project" \
  >"$WORK/wheel.log" 2>&1 || fail "pip wheel with the hook failed: $(tail -20 "$WORK/wheel.log")"
[[ -f $WORK/wheels/hatch_greeter-2.0.1-py3-none-any.whl ]] || fail "no wheel: $(ls "$WORK/wheels")"
check_layout_with_tools "$project/dist/image" 2.0.1
skopeo inspect --config "oci:$project/dist/image:2.0.1" >"$WORK/config.json"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["org.opencontainers.image.version"]')" 2.0.1 "version label"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["maintainer"]')" hatch@example.com "labels"
expect_eq "$(run_image "$project/dist/image" 2.0.1 "$WORK/bundle")" "hello from hatch (hatch_greeter)" "the image's output"

sed -i 's|^include-deps = false|&\nbase_imge = "python:3.11-slim"|' "$project/pyproject.toml"
status=0
"$venv/bin/pip" wheel --no-build-isolation --no-index --no-deps --wheel-dir "$WORK/wheels2" "$project" \
  >"$WORK/bad.log" 2>&1 || status=$?
[[ $status != 0 ]] || fail "an unknown hook key did not fail the build"
expect_contains "$(cat "$WORK/bad.log")" "[tool.hatch.build.hooks.pycontainer] has no key 'base_imge'" "the error"
echo "ok: the Hatch hook built and ran hatch-greeter:2.0.1"
