#!/usr/bin/env bash
# Checks that a gzip layer's bytes do not depend on the CPU: builds the same tree with pycontainer on
# this machine and under qemu-user emulating older x86-64 CPUs (so other SIMD kernels of ISA-L and
# zlib run), at several levels, and prints the layer digests; every row of a level must agree. Each build
# has a layer cache of its own: a shared one would hand every CPU the first build's blob.
#
#   bench/cpu_determinism.sh PYCONTAINER TREE [LEVEL...]     (Debian package: qemu-user)
# qemu's TCG has no AVX-512, so "host" is the only AVX-512 row when this machine has it.
set -euo pipefail
pycontainer=${1:?usage: cpu_determinism.sh PYCONTAINER TREE [LEVEL...]}
tree=${2:?usage: cpu_determinism.sh PYCONTAINER TREE [LEVEL...]}
shift 2
levels=("${@:-1 6 9}")
command -v qemu-x86_64 >/dev/null || { echo "cpu_determinism: qemu-x86_64 missing (apt-get install qemu-user)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for level in ${levels[*]}; do
  first=
  for cpu in host Haswell Nehalem qemu64; do
    runner=()
    [[ $cpu == host ]] || runner=(qemu-x86_64 -cpu "$cpu")
    "${runner[@]}" "$pycontainer" --quiet build --context "$tree" --tag t:1 --entrypoint "python3 -m x" \
      --base-image scratch --output "$work/$cpu-$level" --threads 2 --compression-level "$level" \
      --cache-dir "$work/cache-$cpu-$level" \
      >/dev/null 2> >(grep -v "TCG doesn't support" >&2)
    digest=$(python3 - "$work/$cpu-$level" <<'PY'
import json, sys
layout = sys.argv[1]
blob = lambda d: json.load(open(f"{layout}/blobs/{d.replace(':', '/')}"))
manifest = blob(json.load(open(f"{layout}/index.json"))["manifests"][0]["digest"])
print(manifest["layers"][-1]["digest"])
PY
)
    note=
    if [[ -z $first ]]; then first=$digest; elif [[ $digest != "$first" ]]; then note="  DIFFERS"; [[ $cpu == qemu64 ]] || status=1; fi
    printf 'level %s  %-8s %s%s\n' "$level" "$cpu" "$digest" "$note"
  done
done
# qemu64 (no SSE4.2) is reported, not failed: ISA-L's portable C kernels differ from its SIMD ones.
exit $status
