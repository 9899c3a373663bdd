#!/usr/bin/env bash
# Builds from lock files against a served index (issue 16): the wheel index fixture's project locked in
# every format is built with --lock for linux/amd64, downloading from the index on 127.0.0.1; each image runs its app
# (greeting, Color-Kit below it, the C extension fastsum) and the console script `greet` in its unpacked root
# filesystem (umoci + chroot), and fastsum is the x86_64 build; its SPDX SBOM gives each distribution the
# SHA-256 and URL of the wheel it was installed from (for Pipfile.lock and requirements.txt, which name no
# files, the one the index listed with the lock's hashes); the same lock built again with an empty cache
# and one transfer at a time (--jobs 1; the first build's 4 at once) gives the same image digest. A wheel
# whose bytes were changed fails its hash, naming it, and writes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
serve_wheel_index "$PYCONTAINER_FIXTURES/wheel-index"

# build_lock NAME DIR LOCK ARGS...: a build of DIR's LOCK into $WORK/image-NAME with a cache of its own.
build_lock() {
  local name=$1 dir=$2 lock=$3
  shift 3
  XDG_CACHE_HOME=$WORK/cache-$name "$PYCONTAINER" --quiet build --context "$dir" --base-image "$base" \
    --include-deps --lock "$dir/$lock" --tag app:1 --output "$WORK/image-$name" \
    "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" ||
    fail "the build $name failed: $(cat "$WORK/$name.err")"
}

# No --index-url: the formats naming no URLs (poetry.lock, Pipfile.lock, requirements.txt) list the
# index their lock names as the package's source (the configured one, PyPI, is not reachable here).
for format in uv:uv.lock poetry:poetry.lock pdm:pdm.lock pipenv:Pipfile.lock pylock:pylock.toml \
              requirements:requirements.txt; do
  dir=${format%%:*} lock=${format#*:}
  lock_project "$dir" "$WORK/$dir"
  build_lock "$dir" "$WORK/$dir" "$lock" --platform linux/amd64 --sbom spdx
  installed_from=()
  for wheel in greeting:greeting-1.0.0-py3-none-any.whl Color-Kit:color_kit-1.2.0-py3-none-any.whl \
               fastsum:fastsum-0.3.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl; do
    file=$PYCONTAINER_FIXTURES/wheel-index/files/${wheel#*:}
    installed_from+=("file:${wheel%%:*}=$(sha256sum "$file" | cut -d' ' -f1)|$INDEX_URL/files/${wheel#*:}")
  done
  /usr/bin/python3 "$(dirname "$0")/check_sbom.py" "$WORK/image-$dir" 1 spdx - "${installed_from[@]}" >/dev/null ||
    fail "the $dir image's SBOM does not give the files its distributions were installed from"
  check_layout_with_tools "$WORK/image-$dir" 1
  unpack_image "$WORK/image-$dir" 1 "$WORK/$dir.bundle"
  expect_eq "$(python3 "$(dirname "$0")/run_bundle.py" "$WORK/$dir.bundle")" "[hello, lock] 45 x86_64" "the $dir image's output"
  # The console script, generated for the image's interpreter, on the image's PATH.
  path=$(json_get "$WORK/$dir.bundle/config.json" "[e[5:] for e in d['process']['env'] if e.startswith('PATH=')][0]")
  expect_eq "$(env -i PATH="$path" chroot "$WORK/$dir.bundle/rootfs" greet "$dir")" "[hello, $dir]" "greet in the $dir image"
  build_lock "$dir-again" "$WORK/$dir" "$lock" --platform linux/amd64 --jobs 1
  expect_eq "$(manifest_digest "$WORK/image-$dir-again" 1)" "$(manifest_digest "$WORK/image-$dir" 1)" "the $dir image built twice"
  echo "ok $dir: $(manifest_digest "$WORK/image-$dir" 1)"
done

# A tampered wheel: the same size, one byte changed in the served copy of the index.
cp -r "$PYCONTAINER_FIXTURES/wheel-index" "$WORK/tampered-index"
wheel=$WORK/tampered-index/files/greeting-1.0.0-py3-none-any.whl
python3 - "$wheel" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0xFF
open(sys.argv[1], "wb").write(data)
PY
stop_wheel_index
serve_wheel_index "$WORK/tampered-index" "$WORK/tampered-index.log"
lock_project uv "$WORK/tampered"
status=0
XDG_CACHE_HOME=$WORK/cache-tampered "$PYCONTAINER" build --context "$WORK/tampered" --base-image "$base" \
  --include-deps --lock "$WORK/tampered/uv.lock" --tag app:1 --output "$WORK/out-tampered" \
  >"$WORK/tampered.out" 2>"$WORK/tampered.err" || status=$?
[[ $status != 0 ]] || fail "the build with a tampered wheel succeeded"
expect_contains "$(cat "$WORK/tampered.err")" "greeting" "the tampered wheel's error"
expect_contains "$(cat "$WORK/tampered.err")" \
  "$(sha256sum "$PYCONTAINER_FIXTURES/wheel-index/files/greeting-1.0.0-py3-none-any.whl" | cut -d' ' -f1)" \
  "the tampered wheel's error (the lock's hash)"
[[ ! -e $WORK/out-tampered ]] || fail "the build with a tampered wheel wrote $WORK/out-tampered"
echo "ok tampered: $(cat "$WORK/tampered.err")"

echo "PASS"
