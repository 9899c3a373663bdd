#!/usr/bin/env bash
# Bases from an OCI archive, from a two-platform image index (the --platform entry is chosen; a missing
# platform is an error listing the ones there), and scratch.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
context=$PYCONTAINER_SOURCE_DIR/examples/hello

# oci-archive: the same image as a tar of its layout.
tar -C "$base_dir" -cf "$WORK/base.tar" .
from_layout=$("$PYCONTAINER" --quiet build --context "$context" --base-image "$base" --output "$WORK/a")
from_archive=$("$PYCONTAINER" --quiet build --context "$context" --base-image "oci-archive:$WORK/base.tar:$base_tag" \
  --output "$WORK/b")
# base.name is the image's name inside the layout or archive, never their path: the same image.
expect_eq "${from_archive#*@}" "${from_layout#*@}" "digests on the same base from a layout and an archive"
check_layout_with_tools "$WORK/b" 0.1.0
skopeo inspect --config "oci:$WORK/a:0.1.0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rootfs"]["diff_ids"])' > "$WORK/a.ids"
skopeo inspect --config "oci:$WORK/b:0.1.0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rootfs"]["diff_ids"])' > "$WORK/b.ids"
cmp -s "$WORK/a.ids" "$WORK/b.ids" || fail "layout and archive bases differ in diff_ids"

# A two-platform index: the fixture (amd64) and a tiny arm64 image.
mkdir -p "$WORK/rootfs-arm64/etc"
echo arm64 > "$WORK/rootfs-arm64/etc/arch"
tar -C "$WORK/rootfs-arm64" -cf "$WORK/rootfs-arm64.tar" .
"$PYCONTAINER" --quiet import-rootfs "$WORK/rootfs-arm64.tar" --output "$WORK/multi" --tag multi:arm64 \
  --platform linux/arm64 >/dev/null
skopeo copy --quiet "oci:$base_dir:$base_tag" "oci:$WORK/multi:amd64"
python3 - "$WORK/multi" <<'PY'
import hashlib, json, os, sys
layout = sys.argv[1]
index_path = os.path.join(layout, "index.json")
index = json.load(open(index_path))
entries = []
for name, platform in (("amd64", {"architecture": "amd64", "os": "linux"}),
                       ("arm64", {"architecture": "arm64", "os": "linux", "variant": "v8"})):
    [m] = [m for m in index["manifests"] if m["annotations"]["org.opencontainers.image.ref.name"] == name]
    entries.append({"mediaType": m["mediaType"], "digest": m["digest"], "size": m["size"], "platform": platform})
body = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                   "manifests": entries}).encode()
digest = hashlib.sha256(body).hexdigest()
open(os.path.join(layout, "blobs", "sha256", digest), "wb").write(body)
index["manifests"].append({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + digest,
                           "size": len(body), "annotations": {"org.opencontainers.image.ref.name": "both"}})
json.dump(index, open(index_path, "w"))
PY
"$PYCONTAINER" --quiet build --context "$context" --base-image "oci:$WORK/multi:both" --platform linux/arm64/v8 \
  --output "$WORK/c" >/dev/null
skopeo inspect --config "oci:$WORK/c:0.1.0" > "$WORK/c.json"
expect_eq "$(json_get "$WORK/c.json" 'd["architecture"]')" "arm64" "architecture from the index entry"
expect_eq "$(json_get "$WORK/c.json" 'len(d["rootfs"]["diff_ids"])')" "2" "arm64 base + app"
check_layout_with_tools "$WORK/c" 0.1.0
"$PYCONTAINER" --quiet build --context "$context" --base-image "oci:$WORK/multi:both" --output "$WORK/d" >/dev/null
skopeo inspect --config "oci:$WORK/d:0.1.0" > "$WORK/d.json"
expect_eq "$(json_get "$WORK/d.json" 'd["architecture"]')" "amd64" "default platform from the index"

status=0
"$PYCONTAINER" build --context "$context" --base-image "oci:$WORK/multi:both" --platform linux/s390x \
  --output "$WORK/e" 2> "$WORK/e.err" || status=$?
expect_eq "$status" "2" "exit status for a platform the index lacks"
expect_contains "$(cat "$WORK/e.err")" "linux/amd64, linux/arm64/v8" "the platforms listed"

"$PYCONTAINER" --quiet build --context "$context" --base-image scratch --output "$WORK/f" >/dev/null
skopeo inspect --config "oci:$WORK/f:0.1.0" > "$WORK/f.json"
expect_eq "$(json_get "$WORK/f.json" 'len(d["rootfs"]["diff_ids"])')" "1" "scratch image layers"
check_layout_with_tools "$WORK/f" 0.1.0

# Without --base-image the base is python:X.Y-slim from requires-python (planned only: no registry here).
plan=$("$PYCONTAINER" build --context "$context" --output "$WORK/g" --dry-run)
expect_contains "$plan" "Base:        python:3.11-slim" "default base from requires-python"
status=0
"$PYCONTAINER" build --context "$context" --base-image 127.0.0.1:9/nothing/here:1 --output "$WORK/h" --retries 0 \
  2> "$WORK/h.err" || status=$?
expect_eq "$status" "1" "exit status for an unreachable registry"
expect_eq "$(wc -l < "$WORK/h.err")" "1" "error lines for an unreachable registry ($(cat "$WORK/h.err"))"
expect_contains "$(cat "$WORK/h.err")" "127.0.0.1:9" "the unreachable registry's error"
[[ ! -e $WORK/h ]] || fail "a build with an unreachable base wrote $WORK/h"
echo "PASS"
