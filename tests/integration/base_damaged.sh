#!/usr/bin/env bash
# A damaged base layout is refused, naming what is wrong, and no image is written: a truncated layer
# blob (size checked on every build), a bit-flipped one (digest checked when the layer is first read)
# and a config listing more diff_ids than the manifest has layers.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
context=$PYCONTAINER_SOURCE_DIR/examples/hello
# A cache of its own: the shared one knows the fixture's layers already.
export XDG_CACHE_HOME=$WORK/cache

# damage CASE PYTHON: a copy of the base, changed by PYTHON (given the layout, its manifest and config).
damage() {
  cp -a "$base_dir" "$WORK/$1"
  python3 - "$WORK/$1" <<PY
import hashlib, json, os, sys
layout = sys.argv[1]
def blob(digest): return os.path.join(layout, "blobs", "sha256", digest.split(":")[1])
index = json.load(open(os.path.join(layout, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))
layer = blob(manifest["layers"][0]["digest"])
$2
PY
}

check_refused() {
  local case=$1 expected=$2 status=0
  "$PYCONTAINER" build --context "$context" --base-image "oci:$WORK/$case:$base_tag" --output "$WORK/out-$case" \
    2> "$WORK/$case.err" || status=$?
  [[ $status != 0 ]] || fail "a build on the $case base succeeded"
  expect_contains "$(cat "$WORK/$case.err")" "$expected" "error for the $case base"
  expect_contains "$(cat "$WORK/$case.err")" "damaged" "error for the $case base"
  [[ ! -e $WORK/out-$case/index.json ]] || fail "a build on the $case base wrote an image"
}

damage truncated '
data = open(layer, "rb").read()
os.unlink(layer)
open(layer, "wb").write(data[:-100])'
check_refused truncated "size mismatch: the descriptor says"

damage flipped '
data = bytearray(open(layer, "rb").read())
os.unlink(layer)
data[len(data) // 2] ^= 0x01
open(layer, "wb").write(data)'
check_refused flipped "does not match its digest"

# One diff_id more than layers, in a config and manifest rewritten with their digests.
damage diff_ids '
config["rootfs"]["diff_ids"].append(config["rootfs"]["diff_ids"][0])
body = json.dumps(config).encode()
manifest["config"] = dict(manifest["config"], digest="sha256:" + hashlib.sha256(body).hexdigest(), size=len(body))
open(blob(manifest["config"]["digest"]), "wb").write(body)
body = json.dumps(manifest).encode()
index["manifests"][0].update(digest="sha256:" + hashlib.sha256(body).hexdigest(), size=len(body))
open(blob(index["manifests"][0]["digest"]), "wb").write(body)
json.dump(index, open(os.path.join(layout, "index.json"), "w"))'
check_refused diff_ids "rootfs.diff_ids"
echo "PASS"
