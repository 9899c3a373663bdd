#!/usr/bin/env bash
# The same project built twice, or from two copies with other mtimes, modes (same exec bits), umask
# and absolute path, gives the same manifest digest; SOURCE_DATE_EPOCH and --no-reproducible change it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
base=$(python_base)

cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/copy one"
(umask 077 && mkdir -p "$WORK/elsewhere/deeper" && cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/elsewhere/deeper/two")
find "$WORK/copy one" -exec touch -d '2001-02-03 04:05:06' {} +
find "$WORK/elsewhere/deeper/two" -exec touch -d '2024-06-07 08:09:10' {} +

build() { # CONTEXT OUTPUT [extra args]
  local context=$1 output=$2
  shift 2
  "$PYCONTAINER" --quiet build --context "$context" --base-image "$base" --output "$output" "$@" | sed 's/.*@//'
}
first=$(build "$WORK/copy one" "$WORK/out1")
again=$(build "$WORK/copy one" "$WORK/out1")
second=$(cd "$WORK/elsewhere" && umask 027 && build "deeper/two" "$WORK/out2")
expect_eq "$again" "$first" "a rebuild into the same layout"
expect_eq "$second" "$first" "a build of a copy with other mtimes, umask and path"
expect_eq "$(manifest_digest "$WORK/out2" 0.1.0)" "$first" "index.json digest"

epoch=$(SOURCE_DATE_EPOCH=1700000000 build "$WORK/copy one" "$WORK/out3")
[[ $epoch != "$first" ]] || fail "SOURCE_DATE_EPOCH must change the image"
epoch_again=$(SOURCE_DATE_EPOCH=1700000000 build "$WORK/elsewhere/deeper/two" "$WORK/out4")
expect_eq "$epoch_again" "$epoch" "two copies with the same SOURCE_DATE_EPOCH"
skopeo inspect --config "oci:$WORK/out3:0.1.0" > "$WORK/config3.json"
expect_eq "$(json_get "$WORK/config3.json" 'd["created"]')" "2023-11-14T22:13:20Z" "created from SOURCE_DATE_EPOCH"

real=$(build "$WORK/copy one" "$WORK/out5" --no-reproducible)
[[ $real != "$first" ]] || fail "--no-reproducible must keep real mtimes and time"
check_layout_with_tools "$WORK/out5" 0.1.0
echo "PASS"
