#!/usr/bin/env bash
# A lock whose package has only an sdist (issue 16): the wheel index fixture's srconly, locked in
# pylock.toml with the index as its source, built for linux/amd64 on this amd64 host with no --index-url.
# The host's pip builds its wheel in an isolated environment whose build requirement (poetry-core) comes
# from the index the lock names (the configured one, PyPI, is not reachable here); the image imports it
# and runs, its SPDX SBOM gives srconly the sdist's SHA-256 and URL, and the same lock built again with an
# empty cache gives the same image digest. For linux/arm64 (on the arm64 base, where arm64 emulation made
# it), which the host cannot build for, the build fails naming the package, its files and the target,
# and writes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
[[ $(uname -m) == x86_64 ]] || fail "this test builds for linux/amd64 on the host: run it on an x86_64 machine"
python3 -m pip --version >/dev/null 2>&1 || fail "python3 -m pip is not available (Debian package: python3-pip)"
serve_wheel_index "$PYCONTAINER_FIXTURES/wheel-index"
lock_project sdist "$WORK/sdist"
sdist=$PYCONTAINER_FIXTURES/wheel-index/files/srconly-0.1.0.tar.gz

build_sdist() { # NAME ARGS...
  local name=$1
  shift
  XDG_CACHE_HOME=$WORK/cache-$name "$PYCONTAINER" build --context "$WORK/sdist" --base-image "$base" \
    --include-deps --lock "$WORK/sdist/pylock.toml" --tag app:1 --output "$WORK/image-$name" "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err"
}

build_sdist amd64 --platform linux/amd64 --sbom spdx || fail "the sdist build failed: $(cat "$WORK/amd64.err")"
expect_contains "$(cat "$WORK/amd64.err")" \
  "srconly 0.1.0 has no wheel for CPython 3.11, x86_64, glibc" "the build's message"
requests=$(index_requests)
expect_contains "$requests" "/files/srconly-0.1.0.tar.gz" "the index's requests"
expect_contains "$requests" "/simple/poetry-core/" "the index's requests (pip's build requirements from the lock's index)"
check_layout_with_tools "$WORK/image-amd64" 1
unpack_image "$WORK/image-amd64" 1 "$WORK/amd64.bundle"
expect_eq "$(python3 "$(dirname "$0")/run_bundle.py" "$WORK/amd64.bundle")" "[srconly, sdist] [kit]" "the image's output"
site=$(compgen -G "$WORK/amd64.bundle/rootfs/app/.venv/lib/python3.11/site-packages/srconly-0.1.0.dist-info" || true)
[[ -n $site ]] || fail "no srconly-0.1.0.dist-info in the image's site-packages"
expect_eq "$(cat "$site/INSTALLER")" "pycontainer" "srconly's INSTALLER"
/usr/bin/python3 "$(dirname "$0")/check_sbom.py" "$WORK/image-amd64" 1 spdx - \
  "file:srconly=$(sha256sum "$sdist" | cut -d' ' -f1)|$INDEX_URL/files/srconly-0.1.0.tar.gz" >/dev/null ||
  fail "the SBOM does not give srconly the sdist's hash and URL"
echo "ok amd64: $(manifest_digest "$WORK/image-amd64" 1)"

# An empty cache: the wheel built again, the same image.
build_sdist again --platform linux/amd64 || fail "the second sdist build failed: $(cat "$WORK/again.err")"
expect_eq "$(manifest_digest "$WORK/image-again" 1)" "$(manifest_digest "$WORK/image-amd64" 1)" "the sdist image built twice"
echo "ok again: the same digest"

# Another architecture: not built, the package named with its files and the target.
if [[ $(cat "$PYCONTAINER_FIXTURES/arm64-emulation" 2>/dev/null) != ok ]]; then
  echo "SKIP arm64: no arm64 base without arm64 emulation: $(cat "$PYCONTAINER_FIXTURES/arm64-emulation" 2>/dev/null)"
  echo "PASS"
  exit 0
fi
arm64_ref=$(cat "$PYCONTAINER_FIXTURES/python-arm64-base.ref")
expect_refused arm64 "package srconly 0.1.0 (pylock.toml:" --context "$WORK/sdist" \
  --base-image "oci:$PYCONTAINER_FIXTURES/python-arm64-base:${arm64_ref#*:}" \
  --include-deps --lock "$WORK/sdist/pylock.toml" --platform linux/arm64
expect_contains "$(cat "$WORK/arm64.err")" "only a source distribution for CPython 3.11, aarch64, glibc" "the arm64 error"
expect_contains "$(cat "$WORK/arm64.err")" "its files: srconly-0.1.0.tar.gz" "the arm64 error"
echo "PASS"
