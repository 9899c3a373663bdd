#!/usr/bin/env bash
# Two builds at once sharing one store pull the same base: both succeed, the store is valid and
# holds the base once.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"
skopeo copy --quiet --dest-tls-verify=false "oci:$base_dir:$base_tag" "docker://$REGISTRY/shared/base:1"
"$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/shared/base:1" --output "$WORK/a" >"$WORK/a.out" 2>&1 &
first=$!
"$PYCONTAINER" --quiet build --context "$context" --base-image "$REGISTRY/shared/base:1" --output "$WORK/b" >"$WORK/b.out" 2>&1 &
second=$!
wait $first || fail "first concurrent build failed: $(cat "$WORK/a.out")"
wait $second || fail "second concurrent build failed: $(cat "$WORK/b.out")"
check_layout_with_tools "$WORK/a" 0.1.0
check_layout_with_tools "$WORK/b" 0.1.0
store=$XDG_CACHE_HOME/pycontainer/store
expect_eq "$(blob_count "$store")" "3" "store blobs (manifest, config, layer)"
skopeo inspect --raw "oci:$store:$REGISTRY/shared/base:1" >/dev/null || fail "store not readable by skopeo"
[[ -z $(find "$store/blobs/sha256" -name '.*') ]] || fail "temporary files left in the store"
echo "PASS"
