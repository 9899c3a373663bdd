#!/usr/bin/env bash
# Plain-HTTP registry: pull (OCI, Docker schema2, two-platform index), builds on registry bases, the
# shared store (second build downloads nothing, digest-pinned base builds offline, hard links), push
# read back by skopeo, a second push uploads nothing, a second image on the base mounts, an SBOM
# artifact pushed by its tag, a damaged layout refused (a blob not its digest, one of the wrong size).
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"

# Bases pushed by skopeo: OCI form, Docker schema2 form, and a two-platform index.
skopeo copy --quiet --dest-tls-verify=false "oci:$base_dir:$base_tag" "docker://$REGISTRY/base/oci:1"
skopeo copy --quiet --dest-tls-verify=false --format v2s2 "oci:$base_dir:$base_tag" "docker://$REGISTRY/base/docker:1"
expect_eq "$(skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/base/docker:1" | json_get /dev/stdin 'd["mediaType"]')" \
  "application/vnd.docker.distribution.manifest.v2+json" "skopeo pushed Docker schema2"

# pull on its own
"$PYCONTAINER" --quiet pull "$REGISTRY/base/oci:1" --output "$WORK/pulled" > "$WORK/pull.out"
expect_contains "$(cat "$WORK/pull.out")" "$REGISTRY/base/oci@sha256:" "pull output"
check_layout_with_tools "$WORK/pulled" 1
expect_eq "$(manifest_digest "$WORK/pulled" 1)" "$(manifest_digest "$base_dir" "$base_tag")" "pulled manifest digest"

# build on the OCI base: downloads into the store; the second build downloads nothing
"$PYCONTAINER" build --context "$context" --base-image "$REGISTRY/base/oci:1" --output "$WORK/a" --tag "$REGISTRY/hello:1" \
  >"$WORK/a.out" 2>"$WORK/a.err"
check_layout_with_tools "$WORK/a" 1
"$PYCONTAINER" build --context "$context" --base-image "$REGISTRY/base/oci:1" --output "$WORK/a2" --tag "$REGISTRY/hello:1" \
  >"$WORK/a2.out" 2>"$WORK/a2.err"
expect_contains "$(cat "$WORK/a2.err")" "0 layers downloaded" "second build"
[[ $(grep -c '^pulled sha256' "$WORK/a2.err" || true) == 0 ]] || fail "second build downloaded blobs: $(cat "$WORK/a2.err")"
# base layers hard-linked from the store, not copied
layer=$(json_get "$base_dir/blobs/sha256/$(manifest_digest "$base_dir" "$base_tag" | cut -d: -f2)" 'd["layers"][0]["digest"]')
expect_eq "$(stat -c %i "$WORK/a/blobs/sha256/${layer#sha256:}")" \
  "$(stat -c %i "$XDG_CACHE_HOME/pycontainer/store/blobs/sha256/${layer#sha256:}")" "base layer is a hard link of the store's"

# build on the Docker schema2 base: our manifest is OCI with OCI layer types, same layer bytes
"$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/base/docker:1" --output "$WORK/b" >/dev/null
check_layout_with_tools "$WORK/b" 0.1.0
json_get "$WORK/b/blobs/sha256/$(manifest_digest "$WORK/b" 0.1.0 | cut -d: -f2)" \
  '"".join(l["mediaType"] + "\n" for l in d["layers"])' > "$WORK/b.types"
grep -q docker "$WORK/b.types" && fail "Docker media types in our manifest: $(cat "$WORK/b.types")"
[[ -f $WORK/b/blobs/sha256/${layer#sha256:} ]] || fail "the Docker base's layer bytes changed"

# a two-platform index: amd64 (the fixture) + a tiny arm64 image
mkdir -p "$WORK/rootfs-arm64/etc" && echo arm64 > "$WORK/rootfs-arm64/etc/arch"
tar -C "$WORK/rootfs-arm64" -cf "$WORK/arm64.tar" .
"$PYCONTAINER" --quiet import-rootfs "$WORK/arm64.tar" --output "$WORK/arm" --tag arm:1 --platform linux/arm64 >/dev/null
skopeo copy --quiet --dest-tls-verify=false "oci:$WORK/arm:1" "docker://$REGISTRY/base/multi:arm64"
amd=$(skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/base/oci:1" | sha256sum | cut -d' ' -f1)
arm=$(skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/base/multi:arm64" | sha256sum | cut -d' ' -f1)
skopeo copy --quiet --dest-tls-verify=false "docker://$REGISTRY/base/oci:1" "docker://$REGISTRY/base/multi:amd64" --src-tls-verify=false
"$SYSTEM_PYTHON" - "$REGISTRY" "$amd" "$arm" "$base_dir" "$WORK/arm" > "$WORK/index.json" <<'PY'
import json, os, sys
registry, amd, arm, amd_dir, arm_dir = sys.argv[1:]
size = lambda d, h: os.path.getsize(f"{d}/blobs/sha256/{h}")
print(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
  {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + amd, "size": size(amd_dir, amd),
   "platform": {"os": "linux", "architecture": "amd64"}},
  {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + arm, "size": size(arm_dir, arm),
   "platform": {"os": "linux", "architecture": "arm64", "variant": "v8"}}]}))
PY
status=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/vnd.oci.image.index.v1+json' \
  --data-binary "@$WORK/index.json" "http://$REGISTRY/v2/base/multi/manifests/both")
expect_eq "$status" "201" "index upload"
"$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/base/multi:both" --platform linux/arm64/v8 \
  --output "$WORK/d" >/dev/null
skopeo inspect --config "oci:$WORK/d:0.1.0" > "$WORK/d.json"
expect_eq "$(json_get "$WORK/d.json" 'd["architecture"]')" "arm64" "architecture from the index entry"
"$PYCONTAINER" --quiet pull "$REGISTRY/base/multi:both" --output "$WORK/d-amd" >/dev/null
expect_eq "$(manifest_digest "$WORK/d-amd" both)" "sha256:$amd" "default platform from the index"
expect_fail 2 "$WORK/e.err" "$PYCONTAINER" pull "$REGISTRY/base/multi:both" --platform linux/s390x
expect_contains "$(cat "$WORK/e.err")" "linux/amd64, linux/arm64/v8" "the platforms listed"

# push: read back by skopeo inspect and skopeo copy with the same digest
"$PYCONTAINER" push "$WORK/a:1" "$REGISTRY/hello:1" "$REGISTRY/hello:latest" --digest-file "$WORK/digest" \
  >"$WORK/push.out" 2>"$WORK/push.err"
pushed=$(manifest_digest "$WORK/a" 1)
expect_contains "$(cat "$WORK/push.out")" "$REGISTRY/hello:1@$pushed" "push output"
expect_contains "$(cat "$WORK/digest")" "$REGISTRY/hello:latest@$pushed" "digest file"
expect_contains "$(cat "$WORK/push.err")" "1 mounted" "the base layer mounted from base/oci"
skopeo inspect --tls-verify=false "docker://$REGISTRY/hello:1" > "$WORK/inspect.json"
expect_eq "$(json_get "$WORK/inspect.json" 'd["Digest"]')" "$pushed" "skopeo inspect digest"
skopeo copy --quiet --src-tls-verify=false "docker://$REGISTRY/hello:latest" "oci:$WORK/copied:x"
expect_eq "$(manifest_digest "$WORK/copied" x)" "$pushed" "skopeo copy digest"
check_layout_with_tools "$WORK/copied" x

# a second push uploads no blob
"$PYCONTAINER" push "$WORK/a:1" "$REGISTRY/hello:1" >/dev/null 2>"$WORK/push2.err"
expect_contains "$(cat "$WORK/push2.err")" "0 blobs uploaded, 0 mounted, 3 already there" "second push"

# a second image on the same base, in another repository: the base layer is mounted
"$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/base/oci:1" --output "$WORK/f" \
  --tag "$REGISTRY/other:1" --label x=y >/dev/null
"$PYCONTAINER" push "$WORK/f:1" "$REGISTRY/other:1" >/dev/null 2>"$WORK/push3.err"
expect_contains "$(cat "$WORK/push3.err")" "1 mounted" "second image mounts the base"
skopeo copy --quiet --src-tls-verify=false "docker://$REGISTRY/other:1" "oci:$WORK/other:x"
check_layout_with_tools "$WORK/other" x

# an image's SBOM artifact (--sbom) goes with the image, as <tag>.sbom, and is read back with its subject;
# stdout (and --digest-file) still name the image alone
"$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/base/oci:1" --output "$WORK/s" \
  --tag "$REGISTRY/sbom:1" --sbom spdx >/dev/null
"$PYCONTAINER" push "$WORK/s:1" "$REGISTRY/sbom:1" "$REGISTRY/sbom:stable" >"$WORK/sbom-push.out" 2>"$WORK/sbom-push.err"
expect_eq "$(cut -d@ -f1 "$WORK/sbom-push.out" | tr '\n' ' ')" "$REGISTRY/sbom:1 $REGISTRY/sbom:stable " "what push printed"
expect_contains "$(cat "$WORK/sbom-push.err")" "pushed the SBOM $REGISTRY/sbom:stable.sbom@sha256:" "push's report"
for tag in 1.sbom stable.sbom; do
  pushed=$(skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/sbom:$tag")
  expect_eq "$(json_get /dev/stdin 'd["artifactType"] + " " + d["subject"]["digest"]' <<< "$pushed")" \
    "application/spdx+json $(manifest_digest "$WORK/s" 1)" "the pushed SBOM artifact $tag"
done
# the artifact alone can be pushed too
"$PYCONTAINER" --quiet push "$WORK/s:1.sbom" "$REGISTRY/sbom:copy.sbom" >/dev/null

# a damaged layout is not pushed: a layer with a flipped byte is found while it streams (one upload,
# not six "connection dropped or upload refused" retries), a layer of the wrong size before any upload;
# the error names the blob, both digests or sizes, and the fix; the tag is not published
tiny_image "$WORK/damaged"
damaged_manifest=$WORK/damaged/blobs/sha256/$(manifest_digest "$WORK/damaged" 1 | cut -d: -f2)
damaged_layer=$(json_get "$damaged_manifest" 'd["layers"][0]["digest"]')
damaged_file=$WORK/damaged/blobs/sha256/${damaged_layer#sha256:}
"$SYSTEM_PYTHON" - "$damaged_file" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0xFF
open(sys.argv[1], "wb").write(data)
PY
flipped=sha256:$(sha256sum "$damaged_file" | cut -d' ' -f1)
expect_fail 2 "$WORK/damaged.err" "$PYCONTAINER" -v push "$WORK/damaged:1" "$REGISTRY/damaged:1"
expect_contains "$(cat "$WORK/damaged.err")" "pycontainer: error: pushing to $REGISTRY/damaged: blob $damaged_layer \
($damaged_file) does not match its digest: the content is $flipped: the layout is damaged: run pycontainer verify" \
  "a blob whose content is not its digest"
expect_eq "$(grep -c "^POST http://$REGISTRY/v2/damaged/blobs/uploads/" "$WORK/damaged.err")" "2" \
  "upload attempts (the config and the damaged layer once each)"
skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/damaged:1" >/dev/null 2>&1 && fail "the damaged image was published"
head -c -1 "$damaged_file" > "$WORK/short" && mv "$WORK/short" "$damaged_file"
size=$(json_get "$damaged_manifest" 'd["layers"][0]["size"]')
expect_fail 2 "$WORK/short.err" "$PYCONTAINER" -v push "$WORK/damaged:1" "$REGISTRY/damaged:1"
expect_contains "$(cat "$WORK/short.err")" "pycontainer: error: blob $damaged_layer ($damaged_file) is $((size - 1)) \
bytes, not the $size of manifest $(manifest_digest "$WORK/damaged" 1): the layout is damaged: run pycontainer verify" \
  "a blob of the wrong size"
grep -q "^POST " "$WORK/short.err" && fail "a blob of the wrong size started an upload: $(grep "^POST " "$WORK/short.err")"
skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/damaged:1" >/dev/null 2>&1 && fail "the damaged image was published"

# --quiet prints nothing but the result; plain progress lines otherwise
"$PYCONTAINER" --quiet push "$WORK/f:1" "$REGISTRY/other:2" >"$WORK/q.out" 2>"$WORK/q.err"
[[ ! -s $WORK/q.err ]] || fail "--quiet printed: $(cat "$WORK/q.err")"
echo "PASS"
