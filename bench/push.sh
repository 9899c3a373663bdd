#!/usr/bin/env bash
# The registry benchmark (issues 4 and 13). Push: an image of ~200 MB (one layer of a generated tree:
# incompressible and compressible files, built with `pycontainer build --base-image scratch`) pushed to a
# local docker-registry (Debian's, plain HTTP on 127.0.0.1, a fresh one per cold push, started with the
# registry tests' fixture, its storage on tmpfs) by `pycontainer push`, timed against `skopeo copy
# oci:LAYOUT:TAG docker://...` of the same layout and `docker push` of the same image loaded into the
# engine tests' private Docker daemon (which keeps layers uncompressed, so it compresses them on every
# push to a new registry); then each tool's re-push with nothing new (HEADs and the manifest only). Pull:
# the tests' Python base, pushed once to a registry of its own, pulled cold by `pycontainer pull` (an
# empty store, a new layout) against `skopeo copy docker://... oci:...` (a new layout). Prints the median
# seconds of BENCH_REPEAT runs (default 3), MB/s of the layout's blobs and peak RSS (GNU time; for
# docker, the CLI's), then the targets of issue 13. Not a test: timings vary with the machine's load.
#
#   bench/push.sh [PYCONTAINER]     default: build/helper/pycontainer; BENCH_CACHE (default bench/.cache),
#                                   BENCH_ROOTFS (the base's root filesystem, as bench/run takes it)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pycontainer=$(realpath "${1:-$here/../build/helper/pycontainer}")
cache=${BENCH_CACHE:-$here/.cache}
repeat=${BENCH_REPEAT:-3}
fixture=$here/../tests/integration/registry/registry_fixture.py
[[ -x $pycontainer ]] || { echo "bench: $pycontainer is not built (cmake --build build)" >&2; exit 1; }
source "$here/lib.sh"
install_missing docker-registry:docker-registry skopeo:skopeo /usr/bin/time:time /usr/bin/python3:python3

work=$cache/push
tree=$work/tree
if [[ ! -e $tree/.complete ]]; then
  rm -rf "$tree"
  echo "bench: generating $tree" >&2
  # 150 MB of random bytes (files of 1-16 MB) and 100 MB of source-like text (compresses ~4x), seeded.
  /usr/bin/python3 - "$tree" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(4)
os.makedirs(f"{root}/data/blobs")
os.makedirs(f"{root}/data/text")
left, i = 150_000_000, 0
while left > 0:
    size = min(left, rng.randint(1, 16) * 1_000_000)
    with open(f"{root}/data/blobs/blob_{i:03d}.bin", "wb") as f:
        f.write(rng.randbytes(size))
    left, i = left - size, i + 1
words = [''.join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(3, 12))) for _ in range(5000)]
for i in range(400):
    lines = []
    for j in range(3200):
        name, arg, value = rng.choice(words), rng.choice(words), rng.randint(0, 1 << 30)
        lines.append(f"def {name}_{j}({arg}, limit={value}):\n    return {arg}[:limit]  # {rng.choice(words)}\n")
    with open(f"{root}/data/text/module_{i:03d}.py", "w") as f:
        f.write("".join(lines))
with open(f"{root}/pyproject.toml", "w") as f:
    f.write('[project]\nname = "pushbench"\nversion = "1.0.0"\n\n[tool.pycontainer]\nentrypoint = ["python3", "-m", "data"]\n')
PY
  touch "$tree/.complete"
fi
run=$work/run
rm -rf "$run"
mkdir -p "$run"
"$pycontainer" --quiet build --base-image scratch --context "$tree" --output "$run/layout" --tag bench/push:1 >/dev/null
blob_bytes=$(find "$run/layout/blobs" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "bench: tree $(du -sb --exclude=.complete "$tree" | cut -f1) bytes, image blobs $blob_bytes bytes" >&2

start_docker "$cache/docker-push"
load_into_docker "$run/layout" 1 bench/push:1

# fresh_registry NAME: starts a docker-registry of its own, its storage on tmpfs (engine_scratch_dir) as
# the Docker daemon's: on this machine's disk the registry's own writes set the pace of a new push
# (pycontainer took 0.26 s of CPU in a push of 1.1 s); sets REGISTRY (127.0.0.1:PORT).
fresh_registry() {
  local state
  state=$(engine_scratch_dir "registry-$1")
  at_exit rm -rf "$state"
  at_exit /usr/bin/python3 "$fixture" stop "$state"
  /usr/bin/python3 "$fixture" start plain "$state" >/dev/null
  REGISTRY=$(sed -n 's/^REGISTRY=//p' "$state/registry.env")
}

for ((i = 1; i <= repeat; ++i)); do
  echo "bench: run $i of $repeat" >&2
  fresh_registry "skopeo-$i"
  destination=docker://$REGISTRY/bench/skopeo:1
  timed "$run/skopeo.cold" skopeo copy --quiet --dest-tls-verify=false "oci:$run/layout:1" "$destination"
  timed "$run/skopeo.again" skopeo copy --quiet --dest-tls-verify=false "oci:$run/layout:1" "$destination"
  fresh_registry "pycontainer-$i"
  timed "$run/pycontainer.cold" "$pycontainer" --quiet push "$run/layout:1" "$REGISTRY/bench/pycontainer:1"
  timed "$run/pycontainer.again" "$pycontainer" --quiet push "$run/layout:1" "$REGISTRY/bench/pycontainer:1"
  digest=$(skopeo inspect --tls-verify=false "docker://$REGISTRY/bench/pycontainer:1" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["Digest"])')
  [[ "$REGISTRY/bench/pycontainer:1@$digest" == "$(cat "$run/stdout")" ]] ||
    { echo "bench: FAILED: the registry holds $digest, pycontainer printed $(cat "$run/stdout")" >&2; exit 1; }
  fresh_registry "docker-$i"
  docker tag bench/push:1 "$REGISTRY/bench/docker:1"
  timed "$run/docker.cold" "${docker_cli[@]}" push --quiet "$REGISTRY/bench/docker:1"
  timed "$run/docker.again" "${docker_cli[@]}" push --quiet "$REGISTRY/bench/docker:1"
done

make_base
fresh_registry pull
pulled=$REGISTRY/bench/python-base:$base_tag
skopeo copy --quiet --dest-tls-verify=false "$base" "docker://$pulled"
base_bytes=$(find "$base_layout/blobs" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
for ((i = 1; i <= repeat; ++i)); do
  echo "bench: pull $i of $repeat" >&2
  timed "$run/pull.pycontainer" "$pycontainer" --quiet pull --cache-dir "$run/pull-store-$i" --output "$run/pull-$i" "$pulled"
  timed "$run/pull.skopeo" skopeo copy --quiet --src-tls-verify=false "docker://$pulled" "oci:$run/skopeo-pull-$i:$base_tag"
done

# row LABEL FILE BYTES: the median run of FILE.
row() {
  median "$2" | awk -v label="$1" -v bytes="$3" '{
    rate = bytes > 0 && $1 > 0 ? sprintf("%.1f", bytes / $1 / 1e6) : "-"
    printf "%-44s %8.3f %8s %8d\n", label, $1, rate, $2 / 1024 }'
}
printf '\n%-44s %8s %8s %8s\n' "push of $((blob_bytes / 1000000)) MB (median of $repeat)" seconds "MB/s" "RSS MB"
row "pycontainer push, new repository" "$run/pycontainer.cold" "$blob_bytes"
row "skopeo copy oci: -> docker://, new" "$run/skopeo.cold" "$blob_bytes"
row "docker push, new" "$run/docker.cold" "$blob_bytes"
row "pycontainer push, nothing new" "$run/pycontainer.again" 0
row "skopeo copy, nothing new" "$run/skopeo.again" 0
row "docker push, nothing new" "$run/docker.again" 0
printf '\n%-44s %8s %8s %8s\n' "cold pull of the base, $((base_bytes / 1000000)) MB" seconds "MB/s" "RSS MB"
row "pycontainer pull" "$run/pull.pycontainer" "$base_bytes"
row "skopeo copy docker:// -> oci:" "$run/pull.skopeo" "$base_bytes"
echo
target "new push / skopeo's" "$(ratio "$run/pycontainer.cold" "$run/skopeo.cold")" "<=" 0.8
target "re-push, nothing new / skopeo's" "$(ratio "$run/pycontainer.again" "$run/skopeo.again")" "<=" 1
target "cold pull of the base / skopeo's" "$(ratio "$run/pull.pycontainer" "$run/pull.skopeo")" "<=" 1
