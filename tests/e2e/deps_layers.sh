#!/usr/bin/env bash
# Layering of dependencies: upgrading one package of the venv changes exactly one layer digest (its
# own layer, or the shared "deps" layer), and touching an app file changes only the app layer.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
export XDG_CACHE_HOME="$WORK/cache"

app="$WORK/app"
mkdir -p "$app"
printf 'from flask import Flask\napp = Flask(__name__)\n' >"$app/app.py"
make_venv_from_debs "$app/.venv" python3-flask python3-werkzeug python3-jinja2 python3-markupsafe \
  python3-itsdangerous python3-click
site=$(echo "$app"/.venv/lib/python3*/site-packages)

build() {
  "$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps --tag app:1 \
    --output "$WORK/image" >/dev/null
  layer_digests "$WORK/image" 1
}

# changed_layers BEFORE AFTER: how many layer digests differ (same count of layers expected).
changed_layers() {
  local before=($1) after=($2)
  expect_eq "${#after[@]}" "${#before[@]}" "the number of layers"
  local i changed=0
  for i in "${!before[@]}"; do
    [[ ${before[$i]} == "${after[$i]}" ]] || changed=$((changed + 1))
  done
  echo $changed
}

plan=$("$PYCONTAINER" build --context "$app" --base-image "$(python_base)" --include-deps --tag app:1 --dry-run)
expect_contains "$plan" "Werkzeug 2.2.2: " "the plan"
expect_contains "$plan" "-> deps-werkzeug" "the plan (the largest package has a layer of its own)"
expect_contains "$plan" "itsdangerous 2.1.2: 12 files" "the plan"

first=$(build)
expect_eq "$(build)" "$first" "the layers of an unchanged rebuild"

# Upgrade itsdangerous (shared layer) the way pip would: new version, changed code.
mv "$site/itsdangerous-2.1.2.egg-info" "$site/itsdangerous-2.1.3.egg-info"
sed -i 's/^Version: 2.1.2/Version: 2.1.3/' "$site/itsdangerous-2.1.3.egg-info/PKG-INFO"
echo "# 2.1.3" >>"$site/itsdangerous/__init__.py"
second=$(build)
expect_eq "$(changed_layers "$first" "$second")" 1 "layers changed by upgrading itsdangerous"

# Upgrade Werkzeug (its own layer).
echo "# patched" >>"$site/werkzeug/__init__.py"
third=$(build)
expect_eq "$(changed_layers "$second" "$third")" 1 "layers changed by upgrading Werkzeug"
werkzeug_layer=$(diff <(echo "$second") <(echo "$third") | grep -c '^>' || true)
expect_eq "$werkzeug_layer" 1 "changed digests"

# Touch an app file: only the app layer (the last) changes.
echo "# edited" >>"$app/app.py"
fourth=$(build)
expect_eq "$(changed_layers "$third" "$fourth")" 1 "layers changed by editing app.py"
expect_eq "$(echo "$third" | head -n -1)" "$(echo "$fourth" | head -n -1)" "the layers below the app layer"
echo "PASS: one layer per upgrade, app edits touch only the app layer"
