#!/usr/bin/env bash
# Building into an existing layout replaces that tag and keeps the other images; --dry-run writes nothing;
# inspect shows the image; verify catches a corrupted layer.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
base=$(python_base)
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/hello"

"$PYCONTAINER" --quiet build --context "$WORK/hello" --base-image "$base" --output "$WORK/image" --tag hello:one >/dev/null
"$PYCONTAINER" --quiet build --context "$WORK/hello" --base-image "$base" --output "$WORK/image" --tag hello:two \
  --env GREETING=two >/dev/null
one=$(manifest_digest "$WORK/image" one)
echo 'print("changed")' >> "$WORK/hello/hello/cli.py"
"$PYCONTAINER" --quiet build --context "$WORK/hello" --base-image "$base" --output "$WORK/image" --tag hello:two >/dev/null
expect_eq "$(json_get "$WORK/image/index.json" 'len(d["manifests"])')" "2" "images in the layout"
expect_eq "$(manifest_digest "$WORK/image" one)" "$one" "the untouched tag"
check_layout_with_tools "$WORK/image" one
check_layout_with_tools "$WORK/image" two

plan=$("$PYCONTAINER" build --context "$WORK/hello" --base-image "$base" --output "$WORK/dry" --dry-run)
expect_contains "$plan" "hello.cli:main" "dry-run plan"
expect_contains "$plan" "app: " "dry-run plan"
[[ ! -e $WORK/dry ]] || fail "--dry-run wrote $WORK/dry"

inspection=$("$PYCONTAINER" inspect "$WORK/image:two")
expect_contains "$inspection" "from hello.cli import main" "inspect"
"$PYCONTAINER" inspect --json "$WORK/image:one" > "$WORK/inspect.json"
expect_eq "$(json_get "$WORK/inspect.json" 'd["manifest_digest"]')" "$one" "inspect --json digest"

# Flip one byte in the app layer of image one: verify must say which blob is wrong. The blob is a hard
# link to the layer cache's (shared by the tests running at once, and by their layouts of the same
# app): the damaged copy replaces the link rather than writing through it.
layer=$(skopeo inspect --raw "oci:$WORK/image:one" | python3 -c 'import json,sys; print(json.load(sys.stdin)["layers"][-1]["digest"].split(":")[1])')
python3 - "$WORK/image/blobs/sha256/$layer" <<'PY'
import os, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
data[len(data) // 2] ^= 0xFF
os.unlink(path)
open(path, "wb").write(bytes(data))
PY
if "$PYCONTAINER" verify "$WORK/image:one" 2> "$WORK/verify.err"; then
  fail "verify accepted a corrupted layer"
fi
expect_contains "$(cat "$WORK/verify.err")" "$layer" "verify's error"
echo "PASS"
