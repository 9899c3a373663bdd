#!/usr/bin/env bash
# --platform all on a registry base: the two-platform base (python-multi-base) pushed by skopeo, its index
# given attestation manifests as docker buildx writes them (unknown/unknown, vnd.docker.reference.type);
# the build reads the index with one GET, builds linux/amd64 and linux/arm64 and nothing for the
# attestations: an index read back by skopeo, its images sharing the application layer, each config for its
# architecture, each image run under chroot (arm64 through qemu binfmt). The same index as the platforms
# named; a second build downloads nothing; --dry-run lists the platforms and writes nothing; pull of each
# platform; a single-image base gives its one platform.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"
require_arm64_emulation
multi=$(python_multi_base)
multi_dir=${multi#oci:}
multi_dir=${multi_dir%:*}
multi_tag=${multi##*:}
cd "$WORK"

# The base: both platforms by skopeo, then an attestation manifest per image added to its index.
skopeo copy --quiet --all --dest-tls-verify=false "oci:$multi_dir:$multi_tag" "docker://$REGISTRY/python:3.11-slim"
"$SYSTEM_PYTHON" - "$REGISTRY" python 3.11-slim <<'PY'
import hashlib, json, sys, urllib.request
registry, repository, tag = sys.argv[1:]
base = f"http://{registry}/v2/{repository}"

def request(method, url, data=None, content_type=None, headers=()):
    req = urllib.request.Request(url, data=data, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    for key, value in headers:
        req.add_header(key, value)
    return urllib.request.urlopen(req)

def blob(data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    location = request("POST", f"{base}/blobs/uploads/").headers["Location"]
    location = location if location.startswith("http") else f"http://{registry}{location}"
    request("PUT", f"{location}{'&' if '?' in location else '?'}digest={digest}", data, "application/octet-stream")
    return {"digest": digest, "size": len(data)}

oci_index = "application/vnd.oci.image.index.v1+json"
oci_manifest = "application/vnd.oci.image.manifest.v1+json"
index = json.load(request("GET", f"{base}/manifests/{tag}", headers=[("Accept", oci_index)]))
assert [m["platform"]["architecture"] for m in index["manifests"]] == ["amd64", "arm64"], index
statement = json.dumps({"_type": "https://in-toto.io/Statement/v0.1", "predicateType": "https://slsa.dev/provenance/v0.2"}).encode()
attestations = []
for image in index["manifests"]:
    layer = blob(statement)
    config = blob(json.dumps({"architecture": "unknown", "os": "unknown", "config": {},
                              "rootfs": {"type": "layers", "diff_ids": [layer["digest"]]}}).encode())
    manifest = json.dumps({"schemaVersion": 2, "mediaType": oci_manifest,
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config},
                           "layers": [{"mediaType": "application/vnd.in-toto+json", **layer,
                                       "annotations": {"in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2"}}]}).encode()
    digest = "sha256:" + hashlib.sha256(manifest).hexdigest()
    request("PUT", f"{base}/manifests/{digest}", manifest, oci_manifest)
    attestations.append({"mediaType": oci_manifest, "digest": digest, "size": len(manifest),
                         "platform": {"architecture": "unknown", "os": "unknown"},
                         "annotations": {"vnd.docker.reference.digest": image["digest"],
                                         "vnd.docker.reference.type": "attestation-manifest"}})
index["manifests"] += attestations
request("PUT", f"{base}/manifests/{tag}", json.dumps(index).encode(), oci_index)
PY
skopeo inspect --raw --tls-verify=false "docker://$REGISTRY/python:3.11-slim" >base-index.json
expect_eq "$(json_get base-index.json '[m["platform"]["os"] + "/" + m["platform"]["architecture"] for m in d["manifests"]]')" \
  "['linux/amd64', 'linux/arm64', 'unknown/unknown', 'unknown/unknown']" "the base's index in the registry"
base="$REGISTRY/python:3.11-slim"

machine_project project

# --dry-run: the platforms listed, read from the registry; nothing written.
"$PYCONTAINER" build --context project --base-image "$base" --platform all --output dry -t machine:1 --dry-run \
  >dry-run.txt 2>dry-run.err || fail "dry run: $(cat dry-run.err)"
expect_contains "$(cat dry-run.err)" "--platform all: linux/amd64, linux/arm64" "what the dry run says"
expect_eq "$(grep -E '^(# |Platform:)' dry-run.txt | tr -s ' ')" \
  "$(printf '# linux/amd64 (image 1 of 2 of an image index)\nPlatform: linux/amd64\n# linux/arm64 (image 2 of 2 of an image index)\nPlatform: linux/arm64')" \
  "the dry run's platforms"
[[ ! -e dry ]] || fail "--dry-run wrote dry"

# The build of all: one GET of the index for the platforms, then each platform pulled.
"$PYCONTAINER" build --context project --base-image "$base" --platform all --output image -t machine:1 \
  >all.out 2>all.err || fail "build --platform all: $(cat all.err)"
expect_contains "$(cat all.err)" "pycontainer: --platform all: linux/amd64, linux/arm64" "the platforms of the build"
index_digest=$(manifest_digest image 1)
expect_eq "$(sed 's/.*@//' all.out)" "$index_digest" "the digest the build prints"
skopeo inspect --raw oci:image:1 >index.json || fail "skopeo cannot read oci:image:1"
expect_eq "$(json_get index.json '(d["mediaType"], [(m["platform"]["os"], m["platform"]["architecture"]) for m in d["manifests"]])')" \
  "('application/vnd.oci.image.index.v1+json', [('linux', 'amd64'), ('linux', 'arm64')])" "the index built"
for arch in amd64 arm64; do
  digest=$(json_get index.json "[m['digest'] for m in d['manifests'] if m['platform']['architecture'] == '$arch'][0]")
  manifest=image/blobs/sha256/${digest#sha256:}
  json_get "$manifest" 'd["layers"][-1]["digest"]' >>app-layers
  config=$(json_get "$manifest" 'd["config"]["digest"]')
  expect_eq "$(json_get "image/blobs/sha256/${config#sha256:}" 'd["architecture"]')" "$arch" "the $arch image's config"
  base_manifest=$(json_get base-index.json "[m['digest'] for m in d['manifests'] if m['platform']['architecture'] == '$arch'][0]")
  expect_eq "$(json_get "$manifest" 'd["layers"][0]["digest"]')" \
    "$(json_get "$multi_dir/blobs/sha256/${base_manifest#sha256:}" 'd["layers"][0]["digest"]')" "the $arch image's base layer"
done
expect_eq "$(sort -u app-layers | wc -l)" 1 "one application layer for both images ($(cat app-layers | tr '\n' ' '))"
echo "ok --platform all from the registry: $index_digest"

# Each image runs, as a runtime selects it.
for arch in amd64 arm64; do
  skopeo copy --quiet --override-arch "$arch" oci:image:1 "oci:$arch:1" || fail "skopeo cannot copy the $arch image"
  unpack_image "$arch" 1 "bundle-$arch"
  expect_machine "bundle-$arch" "$arch"
done

# The platforms named give the same index; the store has both: nothing downloaded again.
"$PYCONTAINER" build --context project --base-image "$base" --platform linux/amd64,linux/arm64 --output named -t machine:1 \
  >named.out 2>named.err || fail "build of the named platforms: $(cat named.err)"
expect_eq "$(sed 's/.*@//' named.out)" "$index_digest" "the index of the platforms named"
expect_eq "$(grep -c '(sha256:[0-9a-f]*, 0 layers downloaded)' named.err)" 2 "pulls of the second build ($(cat named.err))"

# pull: each platform of the index, never an attestation.
for arch in amd64 arm64; do
  "$PYCONTAINER" --quiet pull "$base" --platform "linux/$arch" --output "pulled-$arch" >/dev/null
  expect_eq "$(manifest_digest "pulled-$arch" 3.11-slim)" \
    "$(json_get base-index.json "[m['digest'] for m in d['manifests'] if m['platform']['architecture'] == '$arch'][0]")" \
    "pulled $arch"
done
expect_fail 2 pull-s390x.err "$PYCONTAINER" pull "$base" --platform linux/s390x
expect_contains "$(cat pull-s390x.err)" "has no linux/s390x image (it has: linux/amd64, linux/arm64)" \
  "pull of a platform the base lacks"

# A base of one image: all is its platform, the image a build without --platform makes.
skopeo copy --quiet --dest-tls-verify=false "oci:$base_dir:$base_tag" "docker://$REGISTRY/python-amd64:3.11-slim"
"$PYCONTAINER" --quiet build --context project --base-image "$REGISTRY/python-amd64:3.11-slim" --output one -t machine:1 \
  >one.out
"$PYCONTAINER" build --context project --base-image "$REGISTRY/python-amd64:3.11-slim" --output one-all -t machine:1 \
  --platform all >one-all.out 2>one-all.err || fail "--platform all on one image: $(cat one-all.err)"
expect_contains "$(cat one-all.err)" "pycontainer: --platform all: linux/amd64" "the one platform"
expect_eq "$(cat one-all.out)" "$(cat one.out)" "--platform all on a single-image base"

# A base the registry lacks: the error names it.
expect_fail 1 missing.err "$PYCONTAINER" build --context project --base-image "$REGISTRY/python:3.9" --platform all \
  --output missing -t machine:1
expect_contains "$(cat missing.err)" "base image '$REGISTRY/python:3.9'" "a missing base"
[[ ! -e missing ]] || fail "a failed build wrote missing"
echo "platform_all: ok"
