#!/usr/bin/env bash
# `poetry build-container` with Debian's Poetry 1.3: the wheel installed into a venv beside it (its
# plugin registers through the poetry.application.plugin entry point) builds projects/poetry_app's image
# with the old plugin's options (-t, -b, --dry-run) and [tool.pycontainer] keys (env, labels); the Poetry
# metadata became labels; the image runs. A helper failure is the command's error and exit status.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config
mkdir -p "$HOME"
use_python_base
"$SYSTEM_PYTHON" -c 'import poetry' 2>/dev/null || fail "Poetry is not installed (Debian package: python3-poetry)"
venv=$WORK/venv
venv_with_wheel "$venv"
poetry() { "$venv/bin/python" -m poetry --no-interaction "$@"; }
project=$WORK/project
cp -r "$PYCONTAINER_SOURCE_DIR/tests/python/projects/poetry_app" "$project"
cd "$project"

poetry list >"$WORK/list.out" || fail "poetry list failed"
expect_contains "$(cat "$WORK/list.out")" build-container "poetry's commands"
poetry build-container --help >"$WORK/help.out"
for option in --tag --base-image --registry --push --include-deps --sbom --dry-run; do
  expect_contains "$(cat "$WORK/help.out")" -- "$option" "build-container --help"
done

poetry build-container -b "$base" --dry-run >"$WORK/dry.out" || fail "--dry-run failed: $(cat "$WORK/dry.out")"
expect_contains "$(cat "$WORK/dry.out")" "poetry-greeter:0.3.0" "the dry run's plan"
[[ ! -e dist/image ]] || fail "--dry-run wrote dist/image"

poetry build-container -b "$base" >"$WORK/build.out" 2>&1 || fail "build-container failed: $(cat "$WORK/build.out")"
expect_contains "$(cat "$WORK/build.out")" "built poetry-greeter:0.3.0@sha256:" "what build-container said"
check_layout_with_tools dist/image 0.3.0
skopeo inspect --config oci:dist/image:0.3.0 >"$WORK/config.json"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["org.opencontainers.image.authors"]')" \
  "Greeter Team <greeter@example.com>" "the authors label"
expect_eq "$(json_get "$WORK/config.json" 'd["config"]["Labels"]["maintainer"]')" greeter@example.com "labels"
expect_eq "$(run_image dist/image 0.3.0 "$WORK/bundle")" "hello from poetry (greeter)" "the image's output"

# -t names the image; a base that is not there is the command's error, with the helper's message.
poetry build-container -b "$base" -t greeter:test >/dev/null 2>&1 || fail "build-container -t failed"
manifest_digest dist/image test >/dev/null
status=0
poetry build-container -b oci:/nonexistent/base -t greeter:bad >"$WORK/bad.out" 2>&1 || status=$?
expect_eq "$status" 2 "exit status of a missing base"
expect_contains "$(cat "$WORK/bad.out")" "Build failed: '/nonexistent/base' is not an OCI image layout" "the error"
echo "ok: poetry build-container built and ran poetry-greeter:0.3.0"
