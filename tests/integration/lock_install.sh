#!/usr/bin/env bash
# Installing a lock (issue 16): a project whose pylock.toml names wheels the test made (one by a path
# beside the lock, one by a URL found in a --find-links directory), built with --include-deps. The
# image has the distributions where the venv is, and python3 imports them (umoci unpack, chroot); the
# console script runs. The same lock gives the same digest twice, the second build installing nothing;
# a dry run then says the set is staged; a tampered wheel fails its hash and writes no image.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
use_python_base
export XDG_CACHE_HOME=$WORK/cache
make_wheel=$PYCONTAINER_SOURCE_DIR/tests/integration/wheel_index/make_wheel.py

mkdir -p "$WORK/src/tinypkg" "$WORK/src/helperpkg" "$WORK/project/wheels" "$WORK/links"
printf 'VALUE = 42\n\ndef main():\n    print("tiny", VALUE)\n' >"$WORK/src/tinypkg/__init__.py"
printf 'def double(x):\n    return 2 * x\n' >"$WORK/src/helperpkg/__init__.py"
tiny=$(python3 "$make_wheel" "$WORK/project/wheels" --name tinypkg --version 1.0 --tag py3-none-any \
  --console-script tiny=tinypkg:main "$WORK/src/tinypkg/__init__.py=tinypkg/__init__.py")
helper=$(python3 "$make_wheel" "$WORK/links" --name helperpkg --version 2.0 --tag py3-none-any \
  "$WORK/src/helperpkg/__init__.py=helperpkg/__init__.py")
sha() { sha256sum "$1" | cut -d' ' -f1; }
printf 'import tinypkg, helperpkg\nprint(helperpkg.double(tinypkg.VALUE))\n' >"$WORK/project/app.py"
printf '[project]\nname = "lockapp"\nversion = "1.0"\nrequires-python = ">=3.9"\n' >"$WORK/project/pyproject.toml"
write_pylock "$WORK/project/pylock.toml" \
  "tinypkg|1.0|{path = \"wheels/$(basename "$tiny")\", hashes = {sha256 = \"$(sha "$tiny")\"}}" \
  "helperpkg|2.0|{url = \"http://127.0.0.1:9/files/$(basename "$helper")\", hashes = {sha256 = \"$(sha "$helper")\"}}"

build() { # build NAME ARGS...: an image into $WORK/NAME
  local name=$1
  shift
  "$PYCONTAINER" build --context "$WORK/project" --base-image "$base" --include-deps --tag lockapp:1 \
    --find-links "$WORK/links" --output "$WORK/$name" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" ||
    fail "build $name failed: $(cat "$WORK/$name.err")"
}

"$PYCONTAINER" build --context "$WORK/project" --base-image "$base" --include-deps --find-links "$WORK/links" \
  --dry-run >"$WORK/cold.plan"
plan=$(cat "$WORK/cold.plan")
expect_contains "$plan" "Dependencies: pylock.toml $WORK/project/pylock.toml" "the dry run"
expect_contains "$plan" "tinypkg 1.0: $(basename "$tiny") (py3-none-any); local file $tiny" "the dry run"
expect_contains "$plan" "helperpkg 2.0: $(basename "$helper") (py3-none-any); cached $helper" "the dry run"

start=$(date +%s%N)
build first
first_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_contains "$(cat "$WORK/first.err")" "installing 2 locked packages" "the first build"
start=$(date +%s%N)
build second
second_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[[ $(cat "$WORK/second.err") != *"installing"* ]] || fail "the second build installed again: $(cat "$WORK/second.err")"
first_digest=$(manifest_digest "$WORK/first" 1)
expect_eq "$(manifest_digest "$WORK/second" 1)" "$first_digest" "the digest of the same lock"
echo "ok same digest twice: $first_digest (first build ${first_ms} ms, second ${second_ms} ms)"

"$PYCONTAINER" build --context "$WORK/project" --base-image "$base" --include-deps --find-links "$WORK/links" \
  --dry-run >"$WORK/warm.plan"
expect_contains "$(cat "$WORK/warm.plan")" "helperpkg 2.0: $(basename "$helper") (py3-none-any); staged" "the warm dry run"

check_layout_with_tools "$WORK/first" 1
unpack_image "$WORK/first" 1 "$WORK/bundle"
rootfs=$WORK/bundle/rootfs
site=$rootfs/app/.venv/lib/python3.11/site-packages
[[ -f $site/tinypkg/__init__.py && -f $site/helperpkg-2.0.dist-info/RECORD ]] ||
  fail "the image lacks the locked distributions: $(ls "$site")"
expect_eq "$(cat "$site/tinypkg-1.0.dist-info/INSTALLER")" "pycontainer" "INSTALLER"
expect_eq "$(head -n 1 "$rootfs/app/.venv/bin/tiny")" "#!/app/.venv/bin/python3" "the console script's shebang"
if [[ $(id -u) == 0 ]]; then
  expect_eq "$(chroot "$rootfs" /app/.venv/bin/python3 /app/app.py)" "84" "the app in the image"
  expect_eq "$(chroot "$rootfs" /app/.venv/bin/tiny)" "tiny 42" "the console script in the image"
  echo "ok imports in the image"
else
  fail "chroot needs root to run the image's python3"
fi

# A tampered wheel: its hash no longer matches, the build says which, and writes nothing.
rm -rf "$XDG_CACHE_HOME"
python3 "$make_wheel" "$WORK/links" --name helperpkg --version 2.0 --tag py3-none-any \
  "$WORK/src/tinypkg/__init__.py=helperpkg/__init__.py" >/dev/null
status=0
"$PYCONTAINER" build --context "$WORK/project" --base-image "$base" --include-deps --find-links "$WORK/links" \
  --output "$WORK/tampered" >"$WORK/tampered.out" 2>"$WORK/tampered.err" || status=$?
[[ $status != 0 ]] || fail "a tampered wheel was installed"
expect_contains "$(cat "$WORK/tampered.err")" "helperpkg" "the tampered build's error"
expect_contains "$(cat "$WORK/tampered.err")" "$(sha "$helper")" "the tampered build's error"
[[ ! -e $WORK/tampered ]] || fail "the tampered build wrote an image"
echo "ok tampered: $(cat "$WORK/tampered.err")"
echo "PASS"
