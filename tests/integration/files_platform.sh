#!/usr/bin/env bash
# --files ... --destination DIR --files-platform OS/ARCH: a layer of build outputs in one platform's image
# only (CMake's FILES ... PLATFORM). A build of linux/amd64 + linux/arm64 on the two-platform base with a
# file for arm64 only, another for amd64 only (both in /opt/native) and one for both: each image's own
# layers, read with Python's tarfile, hold their platform's file and not the other's; the shared layers
# have the same digests in both; pycontainer verify --expect-file agrees; `all`, and a build without the
# layer cache, give the same index; the dry run marks the layer. Errors (exit 2, nothing written): a
# group for a platform not built, --files-platform before any --files or twice for one group, a bad
# platform; the layer step of a group for another platform.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_arm64_emulation
require_tool skopeo skopeo
base=$(python_multi_base)
cd "$WORK"

mkdir -p project out/arm64 out/amd64
cat >project/pyproject.toml <<'TOML'
[project]
name = "native"
version = "1.0"
TOML
echo 'print("hello")' >project/main.py
echo arm64 >out/arm64/native-arm64.txt
echo amd64 >out/amd64/native-amd64.txt
echo both >out/common.txt
groups=(--files out/arm64/native-arm64.txt --destination /opt/native --files-platform linux/arm64
        --files out/amd64/native-amd64.txt --destination /opt/native --files-platform linux/amd64
        --files out/common.txt --destination /opt/data)

build() {
  "$PYCONTAINER" --quiet build --context project --base-image "$base" -t native:1 "$@"
}

build --platform linux/amd64,linux/arm64 "${groups[@]}" --output image >stdout
index_digest=$(manifest_digest image 1)
expect_eq "$(sed 's/.*@//' stdout)" "$index_digest" "the digest the build prints"
skopeo inspect --raw oci:image:1 >index.json || fail "skopeo cannot read oci:image:1"

# image_files ARCH: the files of the image's own layers (all but the base's), one "LAYER-DIGEST PATH" a line.
image_files() {
  python3 - image "$(json_get index.json "[m['digest'] for m in d['manifests'] if m['platform']['architecture'] == '$1'][0]")" <<'PY'
import json, sys, tarfile
layout, digest = sys.argv[1:]
blob = lambda d: f"{layout}/blobs/sha256/{d.split(':')[1]}"
manifest = json.load(open(blob(digest)))
for layer in manifest["layers"][1:]:
    with tarfile.open(blob(layer["digest"])) as tar:
        for member in tar.getmembers():
            if member.isfile():
                print(layer["digest"], member.name)
PY
}
image_files amd64 >amd64.files
image_files arm64 >arm64.files
grep -q ' opt/native/native-amd64.txt$' amd64.files || fail "the amd64 image lacks its file: $(cat amd64.files)"
grep -q ' opt/native/native-arm64.txt$' arm64.files || fail "the arm64 image lacks its file: $(cat arm64.files)"
! grep -q 'native-arm64' amd64.files || fail "the amd64 image has the arm64 file: $(cat amd64.files)"
! grep -q 'native-amd64' arm64.files || fail "the arm64 image has the amd64 file: $(cat arm64.files)"
for path in opt/data/common.txt app/main.py; do
  expect_eq "$(grep " $path\$" amd64.files)" "$(grep " $path\$" arm64.files)" "the layer of $path in both images"
done
# Each image: its base, the application, its platform's group, the shared group; named as in CMake.
for arch in amd64 arm64; do
  manifest=$(json_get index.json "[m['digest'] for m in d['manifests'] if m['platform']['architecture'] == '$arch'][0]")
  config=$(json_get "image/blobs/sha256/${manifest#sha256:}" 'd["config"]["digest"]')
  json_get "image/blobs/sha256/${config#sha256:}" \
    '" ".join(h["created_by"].split(": ")[-1].split()[0] for h in d["history"][1:])' >"history-$arch"
done
expect_eq "$(cat history-arm64)" "app files-0 files-2" "the arm64 image's layers"
expect_eq "$(cat history-amd64)" "app files-1 files-2" "the amd64 image's layers"
"$PYCONTAINER" --quiet verify image:1 --platform linux/arm64 --expect-file /opt/native/native-arm64.txt \
  --expect-file /opt/data/common.txt || fail "verify: the arm64 image lacks its files"
status=0
"$PYCONTAINER" --quiet verify image:1 --platform linux/amd64 --expect-file /opt/native/native-arm64.txt \
  2>verify-amd64.err || status=$?
[[ $status != 0 ]] || fail "verify finds the arm64 file in the amd64 image"
echo "ok each image has its platform's files: $index_digest"

# `all` (the base's platforms) and a build without the layer cache: the same index.
build --platform all "${groups[@]}" --output image-all >stdout-all
expect_eq "$(sed 's/.*@//' stdout-all)" "$index_digest" "the index of --platform all"
build --platform linux/amd64,linux/arm64 "${groups[@]}" --output image-no-cache --no-cache >stdout-no-cache
expect_eq "$(sed 's/.*@//' stdout-no-cache)" "$index_digest" "the index built without the layer cache"
# One platform: its group only, the other's refused; the default platform is linux/amd64.
build --files out/amd64/native-amd64.txt --destination /opt/native --files-platform linux/amd64 --output one >/dev/null
"$PYCONTAINER" --quiet verify one:1 --expect-file /opt/native/native-amd64.txt || fail "the default platform's group"

# The dry run marks the layer in its platform's plan only.
build --platform linux/amd64,linux/arm64 "${groups[@]}" --output dry --dry-run >dry-run.txt
expect_eq "$(grep -E '^# |files-[0-9]' dry-run.txt | sed 's/:.*(/ (/; s/: .*//')" \
  "$(printf '# linux/amd64 (image 1 of 2 of an image index)\n  files-1 (linux/amd64 only)\n  files-2\n# linux/arm64 (image 2 of 2 of an image index)\n  files-0 (linux/arm64 only)\n  files-2')" \
  "the dry run's layers"
[[ ! -e dry ]] || fail "--dry-run wrote dry"

# Errors.
expect_refused not_built 'layer "files-0" is for platform linux/arm64, which this build does not make (it makes linux/amd64)' \
  --context project --base-image "$base" --platform linux/amd64 "${groups[@]}"
expect_refused not_in_base 'layer "files-0" is for platform linux/s390x, which this build does not make (it makes linux/amd64, linux/arm64, the base'"'"'s)' \
  --context project --base-image "$base" --platform all --files out/common.txt --destination /opt --files-platform linux/s390x
expect_refused before_files "--files-platform linux/arm64 follows no --files" --context project --base-image "$base" \
  --files-platform linux/arm64 --files out/common.txt --destination /opt
expect_refused twice "--files-platform given twice for the --files of /opt (linux/arm64 and linux/amd64)" \
  --context project --base-image "$base" --platform linux/amd64,linux/arm64 \
  --files out/common.txt --destination /opt --files-platform linux/arm64 --files-platform linux/amd64
expect_refused bad_platform 'invalid platform "linux/sparc"' --context project --base-image "$base" \
  --files out/common.txt --destination /opt --files-platform linux/sparc
status=0
"$PYCONTAINER" layer --context project --files out/arm64/native-arm64.txt --destination /opt/native \
  --files-platform linux/arm64 --platform linux/amd64 --record layer.json --staging staging >layer.out 2>layer.err || status=$?
expect_eq "$status" 2 "exit status of the layer step ($(cat layer.err))"
expect_contains "$(cat layer.err)" 'layer "files-0" is for platform linux/arm64' "the layer step's error"
[[ ! -e layer.json ]] || fail "the layer step wrote its record"
echo "PASS"
