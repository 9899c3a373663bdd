#!/usr/bin/env bash
# One build for linux/amd64 + linux/arm64 on the two-platform base (python-multi-base): an OCI image index
# of two images sharing the application layer's digest, read by skopeo and oci-image-tool, each image
# unpacked (selected with skopeo copy --override-arch) and run under chroot, arm64 through qemu binfmt,
# printing its platform.machine(); an SBOM per image; the oci-archive holds both platforms, the
# docker-archive the one asked for; --digest-file gives the index, --metadata-file every platform;
# `all` builds the same index. Errors: a platform the base lacks, a venv with compiled files for a
# second platform (exit 2, nothing written).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_arm64_emulation
require_tool skopeo skopeo
require_tool oci-image-tool oci-image-tool
base=$(python_multi_base)
cd "$WORK"

mkdir -p project/machine
cat >project/pyproject.toml <<'TOML'
[project]
name = "machine"
version = "1.0"
requires-python = ">=3.11"
[project.scripts]
machine = "machine.cli:main"
TOML
touch project/machine/__init__.py
cat >project/machine/cli.py <<'PY'
import platform


def main():
    print("machine:", platform.machine())
PY

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
  output=$(python3 "$(dirname "$0")/run_bundle.py" "bundle-$arch" 2>&1) || fail "the $arch image fails: $output"
  expected=$([[ $arch == amd64 ]] && echo x86_64 || echo aarch64)
  expect_eq "$output" "machine: $expected" "what the $arch image prints"
  echo "ok $arch runs: $output"
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
