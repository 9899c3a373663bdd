#!/usr/bin/env bash
# One build for linux/amd64 + linux/arm64 on the two-platform base (python-multi-base): an OCI image index
# of two images sharing the application layer's digest, read by skopeo and oci-image-tool, each image
# unpacked (selected with skopeo copy --override-arch) and run under chroot, arm64 through qemu binfmt,
# printing its platform.machine(); an SBOM per image; the oci-archive holds both platforms, the
# docker-archive the one asked for; --digest-file gives the index, --metadata-file every platform;
# `all` builds the same index. A lock's dependencies (the wheel index fixture's uv.lock): the layer of the
# platform-independent distributions (deps.any) packed once, the same blob in both images, the one with
# the C extension (deps) each platform's own; both images run it, each SBOM lists every package. Errors:
# a platform the base lacks, a venv with compiled files for a second platform (exit 2, nothing written).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_arm64_emulation
require_tool skopeo skopeo
require_tool oci-image-tool oci-image-tool
base=$(python_multi_base)
cd "$WORK"

machine_project project

build() {
  "$PYCONTAINER" --quiet build --context project --base-image "$base" "$@"
}

build --platform linux/amd64,linux/arm64 --output image -t machine:1 --sbom spdx \
  --output oci-archive:image.tar --output docker-archive:docker-arm64.tar --load-platform linux/arm64 \
  --digest-file digest --metadata-file meta.json >stdout 2>stderr
index_digest=$(manifest_digest image 1)
expect_eq "$(json_get image/index.json '[m["mediaType"] for m in d["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == "1"]')" \
  "['application/vnd.oci.image.index.v1+json']" "what the tag names in index.json"
expect_eq "$(sed 's/.*@//' stdout)" "$index_digest" "the digest the build prints"

# The index as skopeo reads it: two images, each with its platform, sharing the app layer.
skopeo inspect --raw oci:image:1 >index.json || fail "skopeo cannot read oci:image:1"
expect_eq "$(json_get index.json '(d["mediaType"], [(m["platform"]["os"], m["platform"]["architecture"]) for m in d["manifests"]])')" \
  "('application/vnd.oci.image.index.v1+json', [('linux', 'amd64'), ('linux', 'arm64')])" "the index"
amd64=$(json_get index.json 'd["manifests"][0]["digest"]')
arm64=$(json_get index.json 'd["manifests"][1]["digest"]')
app_amd64=$(json_get "image/blobs/sha256/${amd64#sha256:}" 'd["layers"][-1]["digest"]')
app_arm64=$(json_get "image/blobs/sha256/${arm64#sha256:}" 'd["layers"][-1]["digest"]')
expect_eq "$app_arm64" "$app_amd64" "the application layer of both images"
base_amd64=$(json_get "image/blobs/sha256/${amd64#sha256:}" 'd["layers"][0]["digest"]')
base_arm64=$(json_get "image/blobs/sha256/${arm64#sha256:}" 'd["layers"][0]["digest"]')
[[ $base_amd64 != "$base_arm64" ]] || fail "both images have the same base layer $base_amd64"
for digest in "$amd64" "$arm64"; do
  config=$(json_get "image/blobs/sha256/${digest#sha256:}" 'd["config"]["digest"]')
  json_get "image/blobs/sha256/${config#sha256:}" 'd["architecture"]' >>architectures
done
expect_eq "$(cat architectures | tr '\n' ' ')" "amd64 arm64 " "the configs' architectures"
# oci-image-tool (Debian's 1.0) validates a layout's images, not its indexes: the index blob and each
# manifest by their types here, each platform's image below once copied.
"$PYCONTAINER" --quiet verify image:1 || fail "pycontainer verify rejects the index"
oci-image-tool validate --type imageIndex "image/blobs/sha256/${index_digest#sha256:}" >/dev/null ||
  fail "oci-image-tool rejects the index"
for digest in "$amd64" "$arm64"; do
  oci-image-tool validate --type manifest "image/blobs/sha256/${digest#sha256:}" >/dev/null ||
    fail "oci-image-tool rejects manifest $digest"
done
echo "ok index $index_digest: amd64 $amd64, arm64 $arm64, shared app layer $app_amd64"

# Each platform's image, selected as a runtime would, runs and says its machine.
for arch in amd64 arm64; do
  skopeo copy --quiet --override-arch "$arch" oci:image:1 "oci:$arch:1" || fail "skopeo cannot copy the $arch image"
  expect_eq "$(skopeo inspect --raw "oci:$arch:1" | sha256sum | cut -d' ' -f1)" "$(eval echo "\${$arch#sha256:}")" \
    "the $arch image skopeo selected"
  check_layout_with_tools "$arch" 1
  unpack_image "$arch" 1 "bundle-$arch"
  expect_machine "bundle-$arch" "$arch"
done

# An SBOM per image, each about its own manifest.
for pair in "linux-amd64 $amd64" "linux-arm64 $arm64"; do
  set -- $pair
  sbom=$(manifest_digest image "1.$1.sbom")
  expect_eq "$(json_get "image/blobs/sha256/${sbom#sha256:}" 'd["subject"]["digest"]')" "$2" "the subject of 1.$1.sbom"
done
echo "ok an SBOM per platform"

# The outputs of an index: the digest file names the index, the metadata every platform.
expect_eq "$(sed 's/.*@//' digest)" "$index_digest" "--digest-file"
expect_eq "$(json_get meta.json '(d["digest"], [(p["platform"], p["digest"]) for p in d["platforms"]])')" \
  "('$index_digest', [('linux/amd64', '$amd64'), ('linux/arm64', '$arm64')])" "--metadata-file"
skopeo inspect --raw oci-archive:image.tar:1 >archive-index.json || fail "skopeo cannot read the oci-archive"
cmp archive-index.json index.json || fail "the oci-archive's index differs from the layout's"
for arch in amd64 arm64; do
  skopeo inspect --override-arch "$arch" oci-archive:image.tar:1 >"archive-$arch.json" ||
    fail "skopeo cannot read the oci-archive's $arch image"
  expect_eq "$(json_get "archive-$arch.json" 'd["Architecture"]')" "$arch" "the oci-archive's $arch image"
done
skopeo inspect docker-archive:docker-arm64.tar >docker-arm64.json || fail "skopeo cannot read the docker-archive"
expect_eq "$(json_get docker-arm64.json 'd["Architecture"]')" arm64 "the docker-archive's image (--load-platform linux/arm64)"
expect_contains "$(cat stderr meta.json)" "linux/arm64" "what the docker-archive output says"
echo "ok outputs: digest file, metadata, oci-archive of both, docker-archive of arm64"

# A lock for both platforms: greeting (with the console script greet) and Color-Kit are py3-none-any,
# fastsum a C extension with an x86_64 and an aarch64 wheel.
serve_wheel_index "$PYCONTAINER_FIXTURES/wheel-index"
lock_project uv lock-app
lock_build() {
  "$PYCONTAINER" --verbose build --context lock-app --base-image "$base" --include-deps --lock lock-app/uv.lock \
    --platform linux/amd64,linux/arm64 --output lock-image -t lock:1 --sbom spdx
}
lock_build >lock.out 2>lock.err || fail "the lock build failed: $(cat lock.err)"
# "ARCH NAME DIGEST SIZE" for each of the build's layers of each image, named by its history entry.
python3 - lock-image >lock-layers <<'PY' || fail "cannot read the layers of lock-image"
import json, pathlib, sys
layout = pathlib.Path(sys.argv[1])
blob = lambda digest: json.loads((layout / "blobs" / digest.replace(":", "/")).read_bytes())
tagged = [m for m in json.loads((layout / "index.json").read_text())["manifests"]
          if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == "1"]
for image in blob(tagged[0]["digest"])["manifests"]:
    manifest = blob(image["digest"])
    history = [h for h in blob(manifest["config"]["digest"])["history"] if not h.get("empty_layer")]
    assert len(history) == len(manifest["layers"]), (history, manifest["layers"])
    for entry, layer in zip(history, manifest["layers"]):
        if entry.get("created_by", "").startswith("pycontainer build: "):
            name = entry["created_by"].split()[2]
            print(image["platform"]["architecture"], name, layer["digest"], layer["size"])
PY
layer_of() { awk -v arch="$1" -v name="$2" '$1 == arch && $2 == name { print $3 }' lock-layers; }
expect_eq "$(awk '$1 == "amd64" { print $2 }' lock-layers | tr '\n' ' ')" "deps.any deps app " "the amd64 image's own layers"
expect_eq "$(awk '$1 == "arm64" { print $2 }' lock-layers | tr '\n' ' ')" "deps.any deps app " "the arm64 image's own layers"
shared=$(layer_of amd64 deps.any)
expect_eq "$(layer_of arm64 deps.any)" "$shared" "the platform-independent layer deps.any of both images"
[[ $(layer_of amd64 deps) != "$(layer_of arm64 deps)" ]] || fail "both images have the same deps layer (fastsum's two builds)"
expect_eq "$(layer_of arm64 app)" "$(layer_of amd64 app)" "the application layer of both images"
# Packed once: the verbose log says each layer it packs ("layer deps.any: sha256:..."), once.
expect_eq "$(grep -c '^layer deps\.any: sha256:' lock.err)" 1 "how often deps.any was packed"
expect_eq "$(grep -c '^layer deps: sha256:' lock.err)" 2 "how often deps was packed (once per platform)"
for arch in amd64 arm64; do
  skopeo copy --quiet --override-arch "$arch" oci:lock-image:1 "oci:lock-$arch:1" || fail "skopeo cannot copy the $arch lock image"
  unpack_image "lock-$arch" 1 "bundle-lock-$arch"
  expected=$([[ $arch == amd64 ]] && echo x86_64 || echo aarch64)
  output=$(python3 "$(dirname "$0")/run_bundle.py" "bundle-lock-$arch" 2>&1) || fail "the $arch lock image fails: $output"
  expect_eq "$output" "[hello, lock] 45 $expected" "what the $arch lock image prints (its fastsum)"
  output=$(chroot "bundle-lock-$arch/rootfs" /app/.venv/bin/greet "$arch" 2>&1) || fail "greet fails in the $arch image: $output"
  expect_eq "$output" "[hello, $arch]" "the console script of the shared layer in the $arch image"
  sbom=$(manifest_digest lock-image "1.linux-$arch.sbom")
  document=$(json_get "lock-image/blobs/sha256/${sbom#sha256:}" 'd["layers"][0]["digest"]')
  expect_eq "$(json_get "lock-image/blobs/sha256/${document#sha256:}" 'sorted(p["name"] for p in d["packages"] if p["name"] in ("greeting", "Color-Kit", "fastsum"))')" \
    "['Color-Kit', 'fastsum', 'greeting']" "the packages of the $arch image's SBOM"
done
lock_index=$(manifest_digest lock-image 1)
lock_build >lock-again.out 2>lock-again.err || fail "the lock build failed again: $(cat lock-again.err)"
expect_eq "$(manifest_digest lock-image 1)" "$lock_index" "the lock's index, built again"
stop_wheel_index
echo "ok lock: deps.any $shared ($(awk '$1 == "amd64" && $2 == "deps.any" { print $4 }' lock-layers) bytes) in both images," \
  "deps $(layer_of amd64 deps) / $(layer_of arm64 deps) ($(awk '$2 == "deps" { print $4 }' lock-layers | tr '\n' '/') bytes)"

# `all`: every platform of the base, the same index; a second build is unchanged.
build --platform all --output image-all -t machine:1 --sbom spdx >stdout-all
expect_eq "$(sed 's/.*@//' stdout-all)" "$index_digest" "the index of --platform all"
build --platform linux/amd64 --platform linux/arm64 --output image -t machine:1 --sbom spdx >stdout-again
expect_eq "$(sed 's/.*@//' stdout-again)" "$index_digest" "a repeated --platform, built again"

# `all` on a base of one image: that image, as a build without --platform makes it.
"$PYCONTAINER" --quiet build --context project --base-image "$(python_base)" --output one -t machine:1 >stdout-one
"$PYCONTAINER" --quiet build --context project --base-image "$(python_base)" --output one-all -t machine:1 \
  --platform all >stdout-one-all
expect_eq "$(cat stdout-one-all)" "$(cat stdout-one)" "--platform all on a single-platform base"

# --dry-run: the plan of each platform, nothing written.
build --platform linux/amd64,linux/arm64 --output dry -t machine:1 --dry-run >dry-run.txt
expect_eq "$(grep -E '^(# |Platform:)' dry-run.txt | tr -s ' ')" \
  "$(printf '# linux/amd64 (image 1 of 2 of an image index)\nPlatform: linux/amd64\n# linux/arm64 (image 2 of 2 of an image index)\nPlatform: linux/arm64')" \
  "the dry run's platforms"
[[ ! -e dry ]] || fail "--dry-run wrote dry"

# Errors.
expect_refused impossible "has no linux/s390x image (it has: linux/amd64, linux/arm64)" \
  --context project --base-image "$base" --platform linux/amd64,linux/s390x
expect_refused all_scratch "--platform all: the base is scratch, which has no platforms" --context project \
  --base-image scratch --platform all
expect_refused twice "names platform linux/arm64 twice" --context project --base-image "$base" \
  --platform linux/arm64,linux/arm64
# A venv with a compiled extension of this machine (x86_64) serves linux/amd64, not linux/arm64.
python3 -m venv project/.venv
site=$(echo project/.venv/lib/python3*/site-packages)
extension=$(ls /usr/lib/python3.*/lib-dynload/_json.cpython-*-x86_64-linux-gnu.so | head -n 1)
[[ -n $extension ]] || fail "no x86_64 extension module in /usr/lib/python3.*/lib-dynload"
mkdir -p "$site/fastjson" "$site/fastjson-1.0.dist-info"
cp "$extension" "$site/fastjson/_speedups.cpython-311-x86_64-linux-gnu.so"
printf 'Metadata-Version: 2.1\nName: fastjson\nVersion: 1.0\n' >"$site/fastjson-1.0.dist-info/METADATA"
printf 'Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n' >"$site/fastjson-1.0.dist-info/WHEEL"
printf 'fastjson/_speedups.cpython-311-x86_64-linux-gnu.so,,\n' >"$site/fastjson-1.0.dist-info/RECORD"
build --platform linux/amd64 --include-deps --output venv-amd64 -t machine:1 >/dev/null ||
  fail "the venv does not serve its own platform"
expect_refused venv_arm64 "platform linux/arm64: " --context project --base-image "$base" --include-deps \
  --platform linux/amd64,linux/arm64
expect_contains "$(cat venv_arm64.err)" "only the platform it was made for" "the venv error's advice"
echo "PASS"
