#!/usr/bin/env bash
# An image index (a multi-platform image) in a layout: pycontainer verify and inspect take it (every
# platform, or one with --platform; an entry whose config is for another platform refused); push sends
# every platform's manifest and the index under each tag, read back by skopeo inspect --raw and copied
# back whole by skopeo copy --all into a layout our verify accepts; a second push uploads nothing;
# push --platform pushes one image; pull of the pushed index gives each platform's image.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"

# Two one-file images (amd64, arm64) in an index tagged 1, as import-rootfs writes one from a tarball
# per platform (and a build for --platform linux/amd64,linux/arm64).
for arch in amd64 arm64; do
  mkdir -p "$WORK/rootfs-$arch/etc" && echo "$arch" > "$WORK/rootfs-$arch/etc/arch"
  tar -C "$WORK/rootfs-$arch" -cf "$WORK/$arch.tar" .
done
"$PYCONTAINER" --quiet import-rootfs "$WORK/amd64.tar" "$WORK/arm64.tar" --platform linux/amd64,linux/arm64 \
  --output "$WORK/multi" --tag multi:1 >/dev/null
index=$(manifest_digest "$WORK/multi" 1)
index_blob=$WORK/multi/blobs/sha256/${index#sha256:}
expect_eq "$(json_get "$index_blob" 'd["mediaType"]')" "application/vnd.oci.image.index.v1+json" "import-rootfs index"
amd=$(json_get "$index_blob" 'd["manifests"][0]["digest"]')
arm=$(json_get "$index_blob" 'd["manifests"][1]["digest"]')

# verify and inspect of the index, of one platform
"$PYCONTAINER" verify "$WORK/multi:1" 2>"$WORK/verify.err" || fail "verify rejects the index: $(cat "$WORK/verify.err")"
expect_contains "$(cat "$WORK/verify.err")" "is valid ($index, an index of 2 images: linux/amd64 linux/arm64, 2 layers" \
  "verify of the index"
"$PYCONTAINER" verify "$WORK/multi:1" --platform linux/arm64 --expect-file /etc/arch 2>"$WORK/verify-arm.err"
expect_contains "$(cat "$WORK/verify-arm.err")" "is valid ($arm, 1 layers" "verify of one platform"
"$PYCONTAINER" inspect --json "$WORK/multi:1" > "$WORK/inspect.json"
expect_eq "$(json_get "$WORK/inspect.json" 'd["index_digest"]')" "$index" "inspected index digest"
expect_eq "$(json_get "$WORK/inspect.json" '" ".join(d["platforms"])')" "linux/amd64 linux/arm64" "inspected platforms"
expect_eq "$(json_get "$WORK/inspect.json" 'd["images"][1]["manifest_digest"]')" "$arm" "arm64 image inspected"
"$PYCONTAINER" inspect "$WORK/multi:1" > "$WORK/inspect.txt"
expect_contains "$(cat "$WORK/inspect.txt")" "Platforms:   linux/amd64 linux/arm64" "inspect text"
expect_eq "$(grep -c '^Platform: ' "$WORK/inspect.txt")" "2" "one section per platform"
"$PYCONTAINER" inspect --json --platform linux/arm64 "$WORK/multi:1" > "$WORK/inspect-arm.json"
expect_eq "$(json_get "$WORK/inspect-arm.json" 'd["manifest_digest"]')" "$arm" "inspect --platform"
require_tool oci-image-tool oci-image-tool
oci-image-tool validate --type imageIndex "$index_blob" >/dev/null ||
  fail "oci-image-tool rejects the index"

# an index whose arm64 entry is the amd64 image: refused, naming both platforms
cp -r "$WORK/multi" "$WORK/wrong"
"$SYSTEM_PYTHON" - "$WORK/wrong" <<'PY'
import hashlib, json, sys
layout = sys.argv[1]
top = json.load(open(f"{layout}/index.json"))
entry = top["manifests"][0]
index = json.load(open(f"{layout}/blobs/sha256/{entry['digest'][7:]}"))
index["manifests"][1].update({k: index["manifests"][0][k] for k in ("digest", "size")})
data = json.dumps(index, sort_keys=True, separators=(",", ":")).encode()
open(f"{layout}/blobs/sha256/{hashlib.sha256(data).hexdigest()}", "wb").write(data)
entry.update({"digest": "sha256:" + hashlib.sha256(data).hexdigest(), "size": len(data)})
json.dump(top, open(f"{layout}/index.json", "w"))
PY
expect_fail 1 "$WORK/wrong.err" "$PYCONTAINER" verify "$WORK/wrong:1"
expect_contains "$(cat "$WORK/wrong.err")" "is for linux/amd64, not linux/arm64" "platform mismatch"

# push under two tags: every platform's manifest, then the index
"$PYCONTAINER" push "$WORK/multi:1" "$REGISTRY/multi/app:1" "$REGISTRY/multi/app:latest" \
  --digest-file "$WORK/digest" >"$WORK/push.out" 2>"$WORK/push.err" || fail "push: $(cat "$WORK/push.err")"
expect_contains "$(cat "$WORK/push.out")" "$REGISTRY/multi/app:1@$index" "push output"
expect_contains "$(cat "$WORK/digest")" "$REGISTRY/multi/app:latest@$index" "digest file"
expect_contains "$(cat "$WORK/push.err")" "(4 blobs uploaded, 0 mounted, 0 already there)" "blobs of both images"
for tag in 1 latest; do
  skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/multi/app:$tag" > "$WORK/raw-$tag.json"
  expect_eq "sha256:$(sha256sum < "$WORK/raw-$tag.json" | cut -d' ' -f1)" "$index" "the registry's index under $tag"
done
expect_eq "$(json_get "$WORK/raw-1.json" 'd["mediaType"]')" "application/vnd.oci.image.index.v1+json" "index media type"
expect_eq "$(json_get "$WORK/raw-1.json" '" ".join(m["platform"]["architecture"] for m in d["manifests"])')" \
  "amd64 arm64" "platforms in the pushed index"
skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/multi/app@$arm" > "$WORK/raw-arm.json"
expect_eq "sha256:$(sha256sum < "$WORK/raw-arm.json" | cut -d' ' -f1)" "$arm" "the arm64 manifest by digest"

# skopeo copy --all back into a layout: the same index, which our verify accepts
skopeo copy --quiet --all --src-tls-verify=false "docker://$REGISTRY/multi/app:1" "oci:$WORK/back:1"
expect_eq "$(manifest_digest "$WORK/back" 1)" "$index" "copied index digest"
"$PYCONTAINER" verify "$WORK/back:1" 2>"$WORK/back.err" || fail "verify rejects skopeo's copy: $(cat "$WORK/back.err")"
expect_contains "$(cat "$WORK/back.err")" "an index of 2 images: linux/amd64 linux/arm64" "verify of the copy"

# a second push uploads nothing
"$PYCONTAINER" push "$WORK/multi:1" "$REGISTRY/multi/app:1" >/dev/null 2>"$WORK/push2.err"
expect_contains "$(cat "$WORK/push2.err")" "(0 blobs uploaded, 0 mounted, 4 already there)" "second push"

# push --platform: that image alone, a manifest under the tag
"$PYCONTAINER" push --platform linux/arm64 "$WORK/multi:1" "$REGISTRY/multi/arm:1" >"$WORK/push-arm.out" 2>&1 ||
  fail "push --platform: $(cat "$WORK/push-arm.out")"
expect_contains "$(cat "$WORK/push-arm.out")" "$REGISTRY/multi/arm:1@$arm" "push --platform output"
expect_eq "$(skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/multi/arm:1" | json_get /dev/stdin 'd["mediaType"]')" \
  "application/vnd.oci.image.manifest.v1+json" "one platform pushed as a manifest"
expect_fail 2 "$WORK/push-s390x.err" "$PYCONTAINER" push --platform linux/s390x "$WORK/multi:1" "$REGISTRY/multi/arm:2"
expect_contains "$(cat "$WORK/push-s390x.err")" "has no linux/s390x image (it has: linux/amd64, linux/arm64)" \
  "push of a platform the index lacks"

# pull of the pushed index, as a base is pulled: each platform's image
for arch in amd64 arm64; do
  "$PYCONTAINER" --quiet pull "$REGISTRY/multi/app:1" --platform "linux/$arch" --output "$WORK/pulled-$arch" >/dev/null
  expect_eq "$(manifest_digest "$WORK/pulled-$arch" 1)" "$(json_get "$index_blob" \
    "[m['digest'] for m in d['manifests'] if m['platform']['architecture'] == '$arch'][0]")" "pulled $arch"
done
echo "push_index: ok"
