#!/usr/bin/env bash
# The quickstart's promise: the image of examples/hello, unpacked, runs its entrypoint and greets.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"

"$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$(python_base)" \
  --output "$WORK/image" >/dev/null
unpack_image "$WORK/image" 0.1.0 "$WORK/bundle"
output=$(python3 "$(dirname "$0")/run_bundle.py" "$WORK/bundle")
expect_contains "$output" "Hello from PyContainer! (Python 3." "the image's output"
echo "PASS: $output"
