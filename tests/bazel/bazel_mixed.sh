#!/usr/bin/env bash
# examples/bazel-mixed with Debian's bazel-bootstrap, offline, as a user of the installed PyContainer has it
# (the helper on PATH, the rules in <prefix>/share/pycontainer/bazel): the base is pulled from the plain test
# registry when Bazel fetches @python_base; the C++ extension (cc_binary linkshared over a shared
# cc_library) and the py_library are packed by pycontainer_image, in a sandbox without network, into an
# image whose extension imports (umoci unpack + chroot); a second build runs no action; a changed .py
# runs the image's action alone; after `bazel clean` the image comes back from the disk cache, the same
# digest, no action run again; with libstdc++ linked dynamically the image's action fails naming it.
# Bazel's output root, disk cache and server stay in the work directory; the server is shut down at the end.
#   bazel_mixed.sh WORK REGISTRY-STATE
set -euo pipefail
source "$PYCONTAINER_SOURCE_DIR/tests/integration/lib.sh"
[[ -d $1 ]] && chmod -R u+w "$1" # Bazel leaves its outputs read-only
fresh_work_dir "$1"
[[ -f $2/registry.env ]] || fail "the registry fixture did not start (no $2/registry.env)"
source "$2/registry.env"
use_python_base
require_tool bazel bazel-bootstrap
require_tool skopeo skopeo
rules=$PYCONTAINER_PREFIX/share/pycontainer/bazel
[[ -f $rules/defs.bzl && -x $PYCONTAINER_PREFIX/bin/pycontainer ]] ||
  fail "no installed PyContainer in $PYCONTAINER_PREFIX (the cmake.install fixture installs it)"
# pycontainer_helper finds the installed helper on PATH; the pull's store is the test's own.
export PATH=$PYCONTAINER_PREFIX/bin:$PATH XDG_CACHE_HOME=$WORK/cache
unset PYCONTAINER

skopeo copy --quiet --dest-tls-verify=false "oci:$base_dir:$base_tag" "docker://$REGISTRY/bazel/python:3.11-slim"
cp -r "$PYCONTAINER_SOURCE_DIR/examples/bazel-mixed" "$WORK/source"
sed -i -e "s|path = \"../../bazel\"|path = \"$rules\"|" \
  -e "s|image = \"python:3.11-slim\"|image = \"$REGISTRY/bazel/python:3.11-slim\"|" "$WORK/source/WORKSPACE"
grep -q "\"$REGISTRY/bazel/python:3.11-slim\"" "$WORK/source/WORKSPACE" ||
  fail "the example's WORKSPACE names no python:3.11-slim base to replace"
cd "$WORK/source"

bazel_startup=(--nohome_rc --output_user_root="$WORK/bazel-root" --max_idle_secs=300)
trap 'bazel "${bazel_startup[@]}" shutdown >/dev/null 2>&1 || true' EXIT

# build DESCRIPTION: bazel build //:image; its output in $built, the spawns it ran in $WORK/<n>.log.json.
runs=0
build() {
  runs=$((runs + 1))
  log=$WORK/$runs.log.json
  local start=$SECONDS
  built=$(bazel "${bazel_startup[@]}" build --disk_cache="$WORK/disk-cache" --execution_log_json_file="$log" \
    --sandbox_default_allow_network=false //:image 2>&1) || { echo "$built"; fail "bazel build failed: $1"; }
  echo "ok: $1 ($((SECONDS - start)) s): $(grep -E '^INFO: [0-9]+ process' <<<"$built" | head -n 1)"
}
# spawns: the mnemonics of the actions the last build ran, sorted and counted.
spawns() {
  grep -o '"mnemonic": "[A-Za-z]*"' "$log" | cut -d'"' -f4 | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' '
}
layout=$WORK/source/bazel-bin/image
runs_in_image() {
  local digest
  digest=$(cut -d@ -f2 "$WORK/source/bazel-bin/image.digest")
  expect_eq "$(manifest_digest "$layout" 1.0.0)" "$digest" "the stamp's digest"
  [[ -z $(find "$layout" -type l) ]] || fail "the layout holds symlinks, which dangle outside Bazel's sandbox: $(find "$layout" -type l)"
  PYCONTAINER=$PYCONTAINER_PREFIX/bin/pycontainer check_layout_with_tools "$layout" 1.0.0
  unpack_image "$layout" 1.0.0 "$WORK/bundle"
  expect_eq "$(python3 "$PYCONTAINER_SOURCE_DIR/tests/integration/run_bundle.py" "$WORK/bundle")" "$1" "the image's output"
}

build "the first build"
expect_contains "$(spawns)" "CppCompile=2 CppLink=2 " "the first build's actions"
expect_contains "$(spawns)" "PyContainerImage=1" "the first build's actions"
runs_in_image "area computed in C++ built by Bazel: 16.0"
[[ -f $WORK/bundle/rootfs/app/bazel_mixed/src/geometry.so ]] || fail "no /app/bazel_mixed/src/geometry.so (its runfiles path) in the image"
# polygon, linked as a shared library, where the extension's RUNPATH ($ORIGIN/../_solib_k8/) finds it
compgen -G "$WORK/bundle/rootfs/app/bazel_mixed/_solib_*/lib*polygon.so" >/dev/null ||
  fail "no shared polygon library in /app/bazel_mixed/_solib_*: $(find "$WORK/bundle/rootfs/app" -name '*.so*')"

build "a second build"
expect_eq "$(spawns)" "" "the actions of a second build"

sed -i 's/square = .*/square = [(0, 0), (3, 0), (3, 3), (0, 3)]/' "$WORK/source/app/bazel_app/__main__.py"
build "a changed .py"
expect_eq "$(spawns)" "PyContainerImage=1 " "the actions after a changed .py"
runs_in_image "area computed in C++ built by Bazel: 9.0"

digest=$(cat "$WORK/source/bazel-bin/image.digest")
bazel "${bazel_startup[@]}" clean >/dev/null 2>&1 || fail "bazel clean failed"
build "a build after bazel clean"
grep -q '"remoteCacheHit": true' "$log" || fail "no action came from the disk cache after bazel clean"
grep -q '"remoteCacheHit": false' "$log" && fail "an action ran again after bazel clean: $(spawns)"
expect_eq "$(cat "$WORK/source/bazel-bin/image.digest")" "$digest" "the image from the disk cache (the one run above)"
expect_eq "$(manifest_digest "$layout" 1.0.0)" "${digest#*@}" "the layout from the disk cache"
PYCONTAINER=$PYCONTAINER_PREFIX/bin/pycontainer check_layout_with_tools "$layout" 1.0.0

# libstdc++ linked dynamically (Bazel's default link libraries): the image's action fails at the link
# check, naming the library and the extension, as the slim base has no libstdc++.so.6.
status=0
failed=$(bazel "${bazel_startup[@]}" build --disk_cache="$WORK/disk-cache" --repo_env=BAZEL_LINKLIBS=-lstdc++:-lm \
  //:image 2>&1) || status=$?
[[ $status != 0 ]] || fail "the image of an extension needing libstdc++.so.6 was built on a base without it"
expect_contains "$failed" "would not find libstdc++.so.6, needed by /app/bazel_mixed/src/geometry.so" "the failed build"
echo "PASS"
