# Helpers for the registry tests (sourced after ../lib.sh). Arguments of every test: WORK STATE.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
fresh_work_dir "$1"
[[ -f $2/registry.env ]] || fail "the registry fixture did not start (no $2/registry.env)"
set -a
source "$2/registry.env"
set +a
require_tool skopeo skopeo
# Each test has its own store and no credentials from the machine.
export XDG_CACHE_HOME=$WORK/cache
export DOCKER_CONFIG=$WORK/docker-config
export HOME=$WORK/home
mkdir -p "$HOME" "$DOCKER_CONFIG"
unset REGISTRY_USERNAME REGISTRY_PASSWORD REGISTRY_TOKEN GITHUB_TOKEN GITHUB_ACTOR REGISTRY_AUTH_FILE SSL_CERT_FILE
use_python_base
context=$PYCONTAINER_SOURCE_DIR/examples/hello

# skopeo against the plain-HTTP test registry.
skopeo_plain() {
  skopeo "$@"
}

# expect_fail STATUS OUTPUT-FILE COMMAND...: runs COMMAND, which must exit with STATUS.
expect_fail() {
  local want=$1 out=$2 status=0
  shift 2
  "$@" >"$out" 2>&1 || status=$?
  [[ $status == "$want" ]] || fail "expected exit status $want from '$*', got $status: $(cat "$out")"
}

# tiny_image LAYOUT: a one-file image (import-rootfs) tagged 1, made in LAYOUT.
tiny_image() {
  mkdir -p "$WORK/tiny-rootfs/etc" && echo tiny > "$WORK/tiny-rootfs/etc/tiny"
  tar -C "$WORK/tiny-rootfs" -cf "$WORK/tiny.tar" .
  "$PYCONTAINER" --quiet import-rootfs "$WORK/tiny.tar" --output "$1" --tag tiny:1 >/dev/null
}

# blob_count DIR: files in a layout's blobs/sha256.
blob_count() {
  find "$1/blobs/sha256" -type f ! -name '.*' | wc -l
}
