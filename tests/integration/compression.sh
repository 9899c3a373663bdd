#!/usr/bin/env bash
# Parallel layer compression: the same layer built with --threads 1, 2 and 8 has the same digest; the
# gzip layer is one stream that gzip -t, Python's gzip module and skopeo (recompressing it) read back to
# the diff_id; zstd layers are read by zstd -t and skopeo; pycontainer verify passes on each.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_tool gzip gzip
require_tool zstd zstd
require_tool skopeo skopeo
require_tool python3 python3

# A project of several MB (many 128 KiB blocks): hello plus generated modules and some noise.
project=$WORK/project
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$project"
python3 - "$project/hello" <<'PY'
import os, random, sys
random.seed(7)
for i in range(200):
    with open(os.path.join(sys.argv[1], f"generated_{i:03d}.py"), "w") as f:
        for j in range(60):
            f.write(f"def handler_{j}(request, limit={random.randrange(10**6)}):\n    return request[:limit]\n\n")
with open(os.path.join(sys.argv[1], "weights.bin"), "wb") as f:
    f.write(random.randbytes(3 * 1024 * 1024))
PY

# layer_blob LAYOUT: the path of the image's last layer blob; layer_field LAYOUT KEY: a field of it.
layer_field() {
  python3 - "$1" "$2" <<'PY'
import json, sys
layout, key = sys.argv[1:]
blob = lambda d: json.load(open(f"{layout}/blobs/{d.replace(':', '/')}"))
manifest = blob(json.load(open(f"{layout}/index.json"))["manifests"][0]["digest"])
config = blob(manifest["config"]["digest"])
layer = manifest["layers"][-1]
print({"digest": layer["digest"], "mediaType": layer["mediaType"], "diff_id": config["rootfs"]["diff_ids"][-1],
       "path": f"{layout}/blobs/" + layer["digest"].replace(":", "/")}[key])
PY
}

build() {
  "$PYCONTAINER" --quiet build --context "$project" --base-image scratch --tag compression:1 "$@" >/dev/null
}

for threads in 1 2 8; do
  build --output "$WORK/gzip-$threads" --threads "$threads"
done
digest=$(layer_field "$WORK/gzip-1" digest)
expect_eq "$(layer_field "$WORK/gzip-2" digest)" "$digest" "gzip layer digest with --threads 2"
expect_eq "$(layer_field "$WORK/gzip-8" digest)" "$digest" "gzip layer digest with --threads 8"
expect_eq "$(layer_field "$WORK/gzip-1" mediaType)" "application/vnd.oci.image.layer.v1.tar+gzip" "gzip media type"

blob=$(layer_field "$WORK/gzip-2" path)
diff_id=$(layer_field "$WORK/gzip-2" diff_id)
gzip -t "$blob" || fail "gzip -t rejects the layer"
expect_eq "sha256:$(gzip -dc "$blob" | sha256sum | cut -d' ' -f1)" "$diff_id" "gzip -d of the layer against its diff_id"
python3 - "$blob" "$diff_id" <<'PY' || fail "Python's gzip module rejects the layer"
import gzip, hashlib, sys, zlib
data = open(sys.argv[1], "rb").read()
assert "sha256:" + hashlib.sha256(gzip.decompress(data)).hexdigest() == sys.argv[2], "diff_id differs"
# One gzip member, not several joined: a single zlib stream covers the whole blob.
stream = zlib.decompressobj(wbits=31)
stream.decompress(data)
assert stream.eof and stream.unused_data == b"", "more than one gzip member"
PY
"$PYCONTAINER" --quiet verify "$WORK/gzip-2:1" || fail "pycontainer verify rejects the gzip image"
# skopeo recompressing the layer has to decompress it all.
skopeo copy --quiet --dest-compress-format zstd "oci:$WORK/gzip-2:1" "oci:$WORK/skopeo-from-gzip:1" ||
  fail "skopeo cannot copy (recompress) the gzip image"
expect_eq "$(layer_field "$WORK/skopeo-from-gzip" diff_id)" "$diff_id" "diff_id after skopeo recompressed the layer"

for threads in 1 2 8; do
  build --output "$WORK/zstd-$threads" --threads "$threads" --compression zstd
done
digest=$(layer_field "$WORK/zstd-1" digest)
expect_eq "$(layer_field "$WORK/zstd-2" digest)" "$digest" "zstd layer digest with --threads 2"
expect_eq "$(layer_field "$WORK/zstd-8" digest)" "$digest" "zstd layer digest with --threads 8"
expect_eq "$(layer_field "$WORK/zstd-1" mediaType)" "application/vnd.oci.image.layer.v1.tar+zstd" "zstd media type"
blob=$(layer_field "$WORK/zstd-2" path)
zstd -q -t "$blob" || fail "zstd -t rejects the layer"
expect_eq "sha256:$(zstd -q -dc "$blob" | sha256sum | cut -d' ' -f1)" "$(layer_field "$WORK/zstd-2" diff_id)" \
  "zstd -d of the layer against its diff_id"
"$PYCONTAINER" --quiet verify "$WORK/zstd-2:1" || fail "pycontainer verify rejects the zstd image"
skopeo copy --quiet --dest-compress-format gzip "oci:$WORK/zstd-2:1" "oci:$WORK/skopeo-from-zstd:1" ||
  fail "skopeo cannot copy (recompress) the zstd image"
expect_eq "$(layer_field "$WORK/skopeo-from-zstd" diff_id)" "$(layer_field "$WORK/zstd-2" diff_id)" \
  "diff_id after skopeo recompressed the zstd layer"

# none: the tar as it is; bad values are usage errors (exit 2).
build --output "$WORK/none" --compression none
expect_eq "$(layer_field "$WORK/none" mediaType)" "application/vnd.oci.image.layer.v1.tar" "uncompressed media type"
"$PYCONTAINER" --quiet verify "$WORK/none:1" || fail "pycontainer verify rejects the uncompressed image"
status=0
build --output "$WORK/bad" --compression-level 10 2>"$WORK/stderr" || status=$?
expect_eq "$status" 2 "exit status for --compression-level 10"
expect_contains "$(cat "$WORK/stderr")" "out of range" "error for --compression-level 10"
echo "PASS"
