#!/usr/bin/env bash
# A local base is named in the manifest (org.opencontainers.image.base.name) by its reference inside
# its layout, never by its path: the same base at two paths gives the same image, and no build
# machine path is published. A base whose layout names it not gets base.digest alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
context=$PYCONTAINER_SOURCE_DIR/examples/hello

# manifest_of LAYOUT: the JSON manifest of its image 0.1.0.
manifest_of() {
  cat "$1/blobs/sha256/$(manifest_digest "$1" 0.1.0 | cut -d: -f2)"
}

cp -a "$base_dir" "$WORK/here"
mkdir -p "$WORK/elsewhere/deeper"
cp -a "$base_dir" "$WORK/elsewhere/deeper/base"
one=$("$PYCONTAINER" --quiet build --context "$context" --base-image "oci:$WORK/here:$base_tag" --output "$WORK/a")
two=$("$PYCONTAINER" --quiet build --context "$context" --base-image "oci:$WORK/elsewhere/deeper/base:$base_tag" \
  --output "$WORK/b")
expect_eq "${two#*@}" "${one#*@}" "digests of one project on the same base at two paths"
manifest_of "$WORK/a" > "$WORK/a.json"
expect_eq "$(json_get "$WORK/a.json" 'd["annotations"]["org.opencontainers.image.base.name"]')" \
  "docker.io/library/python:3.11-slim" "base.name (the base's name in its layout)"
! grep -q "$WORK" "$WORK/a.json" || fail "the manifest holds a path of this machine: $(cat "$WORK/a.json")"

# A layout whose entry carries no name: base.digest, no base.name.
cp -a "$base_dir" "$WORK/nameless"
python3 - "$WORK/nameless/index.json" <<'PY'
import json, sys
index = json.load(open(sys.argv[1]))
for entry in index["manifests"]:
    entry.pop("annotations", None)
json.dump(index, open(sys.argv[1], "w"))
PY
"$PYCONTAINER" --quiet build --context "$context" --base-image "oci:$WORK/nameless" --output "$WORK/c" >/dev/null
manifest_of "$WORK/c" > "$WORK/c.json"
expect_eq "$(json_get "$WORK/c.json" '"org.opencontainers.image.base.name" in d["annotations"]')" "False" \
  "base.name of a nameless base"
expect_eq "$(json_get "$WORK/c.json" 'd["annotations"]["org.opencontainers.image.base.digest"]')" \
  "$(json_get "$WORK/a.json" 'd["annotations"]["org.opencontainers.image.base.digest"]')" "base.digest of a nameless base"
! grep -q "$WORK" "$WORK/c.json" || fail "the manifest holds a path of this machine: $(cat "$WORK/c.json")"
check_layout_with_tools "$WORK/c" 0.1.0
echo "PASS"
