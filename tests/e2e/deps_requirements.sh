#!/usr/bin/env bash
# The requirements path: wheels of two local packages (one with a console script, one with a C
# extension) in a wheelhouse that pip is pointed at (PIP_FIND_LINKS, PIP_NO_INDEX); the image built
# with --include-deps from requirements.txt runs the console script as its entrypoint. A second build
# reuses the staged install; four concurrent builds on a fresh cache all succeed with one image.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
export XDG_CACHE_HOME="$WORK/cache"
use_requirements_app "$WORK"
app="$WORK/app"

# With a cache of its own: requirements staged by an earlier build would be listed by what pip installed.
plan=$(XDG_CACHE_HOME=$WORK/cold-cache "$PYCONTAINER" build --context "$app" --base-image "$(python_base)" --include-deps \
  --entrypoint greet --dry-run)
expect_contains "$plan" "Dependencies: requirements $app/requirements.txt via pip (Python 3.11)" "the plan"
# A dry run runs no pip: it lists the requirement lines, not what pip would resolve them to.
expect_contains "$plan" "pip is not run in a dry run; it would install:"$'\n'"  greet"$'\n' "the plan"

"$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps --entrypoint greet \
  --output "$WORK/image" >/dev/null
check_layout_with_tools "$WORK/image" 1.0
unpack_image "$WORK/image" 1.0 "$WORK/bundle"
output=$(python3 "$RUN_BUNDLE" "$WORK/bundle")
expect_eq "$output" "$requirements_greeting" "the console script in the image"

# Unchanged requirements: pip does not run again (the staging is reused); the image is the same.
digest=$(manifest_digest "$WORK/image" 1.0)
"$PYCONTAINER" build --context "$app" --base-image "$(python_base)" --include-deps --entrypoint greet \
  --output "$WORK/image" >/dev/null 2>"$WORK/second.err"
if grep -q "installing dependencies with pip" "$WORK/second.err"; then
  fail "the second build ran pip again: $(cat "$WORK/second.err")"
fi
expect_eq "$(manifest_digest "$WORK/image" 1.0)" "$digest" "the rebuilt image"

# pip installs for the base's Python, read from the base itself, not guessed from its name: a
# reference without a version tag (oci:DIR, the layout's only image) gives the same Python 3.11.
# The requirements' -r includes are part of the staging key: changing one installs again.
echo "greet" >"$app/base-requirements.txt"
echo "-r base-requirements.txt" >"$app/requirements.txt"
untagged_base="oci:$PYCONTAINER_FIXTURES/python-base"
"$PYCONTAINER" build --context "$app" --base-image "$untagged_base" --include-deps --entrypoint greet \
  --output "$WORK/image-untagged" >/dev/null 2>"$WORK/untagged.err" ||
  fail "building on $untagged_base failed: $(cat "$WORK/untagged.err")"
expect_contains "$(cat "$WORK/untagged.err")" "for Python 3.11" "pip's target Python"
unpack_image "$WORK/image-untagged" 1.0 "$WORK/bundle-untagged"
expect_eq "$(python3 "$RUN_BUNDLE" "$WORK/bundle-untagged")" "$output" "the console script on the untagged base"
"$PYCONTAINER" build --context "$app" --base-image "$untagged_base" --include-deps --entrypoint greet \
  --output "$WORK/image-untagged" >/dev/null 2>"$WORK/untagged-again.err"
if grep -q "installing dependencies with pip" "$WORK/untagged-again.err"; then
  fail "unchanged requirements (with an -r include) ran pip again"
fi
echo "# pinned later" >>"$app/base-requirements.txt"
"$PYCONTAINER" build --context "$app" --base-image "$untagged_base" --include-deps --entrypoint greet \
  --output "$WORK/image-untagged" >/dev/null 2>"$WORK/included-changed.err"
expect_contains "$(cat "$WORK/included-changed.err")" "installing dependencies with pip" \
  "the build after an included requirements file changed"
# Concurrent builds of one requirements set on a fresh cache each install into their own staging
# directory; the first to finish is kept and the others use it: all succeed with one image.
export XDG_CACHE_HOME="$WORK/cache-concurrent"
echo "greet" >"$app/requirements.txt"
pids=()
for i in 1 2 3 4; do
  "$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps --entrypoint greet \
    --output "$WORK/concurrent-$i" >/dev/null 2>"$WORK/concurrent-$i.err" &
  pids+=($!)
done
for i in 1 2 3 4; do
  wait "${pids[$((i - 1))]}" || fail "concurrent build $i failed: $(cat "$WORK/concurrent-$i.err")"
done
for i in 2 3 4; do
  expect_eq "$(manifest_digest "$WORK/concurrent-$i" 1.0)" "$(manifest_digest "$WORK/concurrent-1" 1.0)" \
    "concurrent build $i's image"
done
leftovers=$(find "$XDG_CACHE_HOME/pycontainer/deps" -maxdepth 3 -name 'site-packages.partial*')
expect_eq "$leftovers" "" "staging directories left behind"
echo "PASS: $output"
