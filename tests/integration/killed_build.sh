#!/usr/bin/env bash
# A build killed with SIGKILL in the middle of packing a layer leaves the layout's earlier image valid.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
base=$(python_base)
cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/hello"

"$PYCONTAINER" --quiet build --context "$WORK/hello" --base-image "$base" --output "$WORK/image" >/dev/null
before=$(manifest_digest "$WORK/image" 0.1.0)
cp "$WORK/image/index.json" "$WORK/index.before"

# A large incompressible file keeps the next build in its layer for a few seconds.
head -c 400M /dev/urandom > "$WORK/hello/data.bin"
"$PYCONTAINER" --quiet build --context "$WORK/hello" --base-image "$base" --output "$WORK/image" \
  --cache-dir "$WORK/cache" >/dev/null &
pid=$!
# Kill it once a temporary blob of more than 1 MB is being written (in the layer cache, where the app
# layer is packed, or without one in the layout): the layer is half-packed.
for _ in $(seq 1 400); do
  if [[ -n $(find "$WORK/image/blobs/sha256" "$WORK/cache/layers/blobs/sha256" -name '*.tmp.*' -size +1M 2>/dev/null) ]]; then
    break
  fi
  sleep 0.02
done
kill -9 "$pid"
wait "$pid" 2>/dev/null && fail "the build finished before it could be killed; make data.bin larger"

cmp -s "$WORK/image/index.json" "$WORK/index.before" || fail "index.json changed although the build was killed"
expect_eq "$(manifest_digest "$WORK/image" 0.1.0)" "$before" "the image after the killed build"
check_layout_with_tools "$WORK/image" 0.1.0
echo "PASS"
