#!/usr/bin/env bash
# build --output as an oci-archive and a docker-archive (with a layout, or alone): skopeo and
# oci-image-tool read them, two builds give the same bytes, zstd layers reach the docker-archive as their
# tar; --digest-file and --metadata-file are written without a push; bad outputs, --load without an
# engine and --push without a registry are errors (exit 2) that write nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
export XDG_CACHE_HOME=$WORK/cache
base=$(python_base)
require_tool skopeo skopeo
require_tool oci-image-tool oci-image-tool
hello=$PYCONTAINER_SOURCE_DIR/examples/hello

build() { # extra args; BUILD_PATH: the helper's PATH
  PATH=${BUILD_PATH:-$PATH} "$PYCONTAINER" --quiet build --context "$hello" --base-image "$base" "$@"
}

# Archives only: no layout is left anywhere, every output and tag is in the metadata.
cd "$WORK"
mkdir one
build --output oci-archive:one/img.tar --output docker-archive:one/docker.tar -t localhost:5000/hello:1 \
  -t hello:latest --digest-file one/digest --metadata-file one/meta.json >one/stdout
expect_eq "$(ls one)" "$(printf 'digest\ndocker.tar\nimg.tar\nmeta.json\nstdout')" "what an archive build writes"
digest=$(sed 's/.*@//' one/stdout)
expect_eq "$(cat one/digest)" "$(printf 'localhost:5000/hello:1@%s\ndocker.io/library/hello:latest@%s' "$digest" "$digest")" "--digest-file"
json_get one/meta.json '(d["digest"], d["references"], [p["platform"] for p in d["platforms"]], [o["type"] for o in d["outputs"]], d["outputs"][1]["references"])' >one/meta.txt
expect_eq "$(cat one/meta.txt)" "('$digest', ['localhost:5000/hello:1', 'docker.io/library/hello:latest'], ['linux/amd64'], ['oci-archive', 'docker-archive'], ['localhost:5000/hello:1', 'docker.io/library/hello:latest'])" "--metadata-file"
expect_eq "$(json_get one/meta.json 'd["outputs"][0]["size"]')" "$(stat -c %s one/img.tar)" "the oci-archive's size in the metadata"

skopeo inspect "oci-archive:one/img.tar:1" >one/oci.json || fail "skopeo cannot read the oci-archive"
expect_eq "$(json_get one/oci.json 'd["Digest"]')" "$digest" "the oci-archive's image"
skopeo inspect "docker-archive:one/docker.tar" >one/docker.json || fail "skopeo cannot read the docker-archive"
expect_eq "$(json_get one/docker.json 'd["RepoTags"] or d["Labels"]["org.opencontainers.image.title"]')" "hello" "the docker-archive's image"
json_get one/docker.json 'sorted(d["Layers"])' >one/docker-layers.txt
skopeo inspect --config "oci-archive:one/img.tar:1" >one/config.json
expect_eq "$(cat one/docker-layers.txt)" "$(json_get one/config.json 'sorted(d["rootfs"]["diff_ids"])')" "the docker-archive's layers"
mkdir one/unpacked
tar -xf one/img.tar -C one/unpacked
# oci-image-tool reads no tar of a layout, ours or GNU tar's ("find failed: unable to walk"): it checks the unpacked one.
check_layout_with_tools one/unpacked 1
tar -tvf one/img.tar | awk '{print $4, $5}' | sort -u >one/times.txt
expect_eq "$(cat one/times.txt)" "1980-01-01 00:00" "the archive's entry times"
tar -tf one/docker.tar | tail -1 | grep -qx manifest.json || fail "manifest.json is not the docker-archive's last entry"

# A second build, with a layout this time, writes the same archive bytes.
build --output two/layout --output oci-archive:two/img.tar --output docker-archive:two/docker.tar \
  -t localhost:5000/hello:1 -t hello:latest >/dev/null
cmp one/img.tar two/img.tar || fail "two builds give different oci-archives"
cmp one/docker.tar two/docker.tar || fail "two builds give different docker-archives"
[[ -f two/layout/index.json ]] || fail "the layout output is missing"

# zstd layers: the docker-archive holds their tars (named by diff_id), which Docker before 23 needs.
build --compression zstd --output oci-archive:z/img.tar --output docker-archive:z/docker.tar -t hello:z >/dev/null
skopeo inspect --config "oci-archive:z/img.tar" >z/config.json
skopeo inspect --raw "oci-archive:z/img.tar" >z/manifest.json
zstd_layers=$(json_get z/manifest.json 'sum(l["mediaType"].endswith("+zstd") for l in d["layers"])')
[[ $zstd_layers -ge 1 ]] || fail "no zstd layer to check"
plain=0
for layer in $(tar -tf z/docker.tar | grep '\.tar$'); do
  if tar -xOf z/docker.tar "$layer" | tar -t >/dev/null 2>&1; then # the gzip base layer stays as it is
    grep -q "sha256:${layer%.tar}" z/config.json || fail "docker-archive layer $layer is not named by a diff_id"
    plain=$((plain + 1))
  fi
done
expect_eq "$plain" "$zstd_layers" "uncompressed layers in the docker-archive"

# Bad outputs: exit 2, a message naming the fix, nothing written.
expect_fails() { # NAME EXPECTED-MESSAGE ARGS...
  local name=$1 message=$2 status=0
  shift 2
  build "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || status=$?
  expect_eq "$status" 2 "exit status of $name"
  expect_contains "$(cat "$WORK/$name.err")" "$message" "the error of $name"
}
mkdir bad
expect_fails transport 'unknown transport "oci-archiv"' --output oci-archiv:bad/img.tar
[[ ! -e oci-archiv:bad ]] || fail "an unknown transport created a directory"
mkdir bad/dir.tar
expect_fails directory 'is a directory; the docker-archive is a file' --output docker-archive:bad/dir.tar
expect_eq "$(ls -A bad/dir.tar)" "" "the directory where the archive was to go"
mkdir empty-path
BUILD_PATH=$WORK/empty-path expect_fails no_engine '--load: no container engine' --output oci-archive:bad/loaded.tar \
  --load --digest-file bad/digest
expect_fails push_hub 'names no registry, so it would go to Docker Hub as docker.io/library/hello:1' \
  --output bad/layout -t hello:1 --push
expect_fails push_hub_registry 'names no registry host' --output bad/layout -t hello:1 --push --registry acme
expect_eq "$(ls bad)" "dir.tar" "what the failed builds left"
echo "PASS: oci-archive and docker-archive outputs"
