#!/usr/bin/env bash
# The layer cache (issue 7): an unchanged layer is not read again (strace: no openat of its files), a
# rebuild into the same layout writes nothing and keeps the manifest digest, a touched file repacks
# only its own layer, changed content invalidates, two builds at once share one cache, and a corrupted
# or truncated cache blob is detected and rebuilt. The cache lives in the work directory.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_tool strace strace

cache=$WORK/cache
project=$WORK/project
site=$WORK/site
mkdir -p "$project/app" "$site/pkg"
printf '[project]\nname = "cached"\nversion = "1.0"\n' > "$project/pyproject.toml"
printf 'print("hello")\n' > "$project/app/main.py"
printf 'X = 1\n' > "$project/app/util.py"
for i in $(seq 1 20); do printf 'VALUE = %d\n' "$i" > "$site/pkg/mod_$i.py"; done
# Files changed within the last 2 s are packed but not recorded (their timestamps could hide a second change).
sleep 2.1

build=("$PYCONTAINER" --quiet build --base-image scratch --entrypoint "python3 app/main.py"
       --context "$project" --cache-dir "$cache")

# opened_files TRACE DIR: the files under DIR the traced command opened, other than directories.
opened_files() {
  grep -v O_DIRECTORY "$1" | grep -o "\"$2/[^\"]*\"" | tr -d '"' | sort -u || true
}

# 1. A second build of an unchanged project opens none of its files, rewrites nothing, keeps the digest.
"${build[@]}" --output "$WORK/out" > "$WORK/first"
ls "$cache"/layers/*.json > /dev/null 2>&1 || fail "the first build recorded nothing in $cache/layers"
before=$(cd "$WORK/out" && find . -type f -printf '%p %i %T@\n' | sort)
trace_openat "$WORK/trace" "${build[@]}" --output "$WORK/out" > "$WORK/second"
expect_eq "$(cat "$WORK/second")" "$(cat "$WORK/first")" "manifest of the unchanged rebuild"
opened=$(opened_files "$WORK/trace" "$project/app")
[[ -z $opened ]] || fail "the unchanged rebuild opened the project's files: $opened"
after=$(cd "$WORK/out" && find . -type f -printf '%p %i %T@\n' | sort)
expect_eq "$after" "$before" "the layout's files after the unchanged rebuild (path, inode, mtime)"
"$PYCONTAINER" --quiet verify "$WORK/out:1.0" || fail "verify rejects the rebuilt layout"

# 1b. With dependencies from a virtualenv: the unchanged rebuild opens none of the packages' files
#     (their dist-info metadata and pyvenv.cfg are read to plan the layers; the ELF check of each
#     layer is remembered).
venv=$WORK/venv
mkdir -p "$venv/lib/python3.11/site-packages/dep/native" "$venv/lib/python3.11/site-packages/dep-1.0.dist-info" "$venv/bin"
printf 'home = /usr/bin\nversion = 3.11.2\n' > "$venv/pyvenv.cfg"
packages=$venv/lib/python3.11/site-packages
for i in $(seq 1 20); do printf 'VALUE = %d\n' "$i" > "$packages/dep/mod_$i.py"; done
cp /bin/true "$packages/dep/native/_speedups.so" # an ELF file for this machine's architecture
printf 'Metadata-Version: 2.1\nName: dep\nVersion: 1.0\n' > "$packages/dep-1.0.dist-info/METADATA"
(cd "$packages" && find dep dep-1.0.dist-info -type f -printf '%p,,\n') > "$packages/dep-1.0.dist-info/RECORD"
sleep 2.1
# /bin/true needs the C library, which scratch lacks: the link check warns (and remembers its warning).
venv_build=("${build[@]}" --venv "$venv" --allow-python-mismatch --allow-missing-libraries)
host_platform=(--platform "linux/$(dpkg --print-architecture)")
# The first build generates the image's pyvenv.cfg into the cache: a file younger than 2 s that is still
# recorded (generated files are content-addressed, never rewritten), so the next build, even at once,
# packs nothing.
"${venv_build[@]}" "${host_platform[@]}" --output "$WORK/venv-out" > "$WORK/venv-first" 2> /dev/null
trace_openat "$WORK/trace-venv" "${venv_build[@]}" "${host_platform[@]}" --output "$WORK/venv-out" > "$WORK/venv-second" 2> /dev/null
expect_eq "$(cat "$WORK/venv-second")" "$(cat "$WORK/venv-first")" "manifest of the unchanged rebuild with a venv"
opened=$(opened_files "$WORK/trace-venv" "$venv" | grep -v -e '\.dist-info/' -e '/pyvenv.cfg$' || true)
[[ -z $opened ]] || fail "the unchanged rebuild opened the dependencies' files: $opened"
expect_contains "$(opened_files "$WORK/trace-venv" "$venv")" "dep-1.0.dist-info/RECORD" "metadata the rebuild read"
# The remembered check is specific to the platform: another architecture reads the .so and fails.
if "${venv_build[@]}" --platform linux/s390x --output "$WORK/venv-s390x" > /dev/null 2> "$WORK/venv-s390x.err"; then
  fail "an image for linux/s390x with a $(dpkg --print-architecture) .so was built"
fi
expect_contains "$(cat "$WORK/venv-s390x.err")" "_speedups.so" "the foreign binary error"

# 2. A cache blob corrupted (same size) or truncated is detected by its digest and rebuilt, never used;
#    the layout that shares it by hard link is repaired too.
layer=$(json_get "$WORK/out/blobs/sha256/$(json_get "$WORK/out/index.json" 'd["manifests"][0]["digest"][7:]')" \
  'd["layers"][0]["digest"][7:]')
cached_blob=$cache/layers/blobs/sha256/$layer
[[ -f $cached_blob ]] || fail "the app layer's blob is not in the cache"
printf 'CORRUPT' | dd of="$cached_blob" bs=1 seek=100 conv=notrunc status=none
"${build[@]}" --output "$WORK/out" > "$WORK/third" 2> "$WORK/third.err"
expect_contains "$(cat "$WORK/third.err")" "layer cache: ignoring" "warning about the corrupted entry"
expect_eq "$(cat "$WORK/third")" "$(cat "$WORK/first")" "manifest after the corrupted entry"
"$PYCONTAINER" --quiet verify "$WORK/out:1.0" || fail "verify rejects the layout after the corrupted entry"
expect_eq "$(sha256sum < "$cached_blob" | cut -d' ' -f1)" "$layer" "the rebuilt cache blob"

truncate -s 10 "$cached_blob"
"${build[@]}" --output "$WORK/out" > "$WORK/fourth" 2> "$WORK/fourth.err"
expect_contains "$(cat "$WORK/fourth.err")" "layer cache: ignoring" "warning about the truncated entry"
"$PYCONTAINER" --quiet verify "$WORK/out:1.0" || fail "verify rejects the layout after the truncated entry"

# 2b. A layout's copy of a layer changed in place (same size) changes the cache's blob too when they
#     share it by hard link. Another project with the same files (another key: other inodes) packs the
#     same digest: the cache stores the bytes it just hashed, never adopts the changed file.
out_blob=$WORK/out/blobs/sha256/$layer
[[ $(stat -c %i "$out_blob") == $(stat -c %i "$cached_blob") ]] || fail "the layout does not share the cache's blob"
python3 - "$out_blob" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0xFF
open(sys.argv[1], "r+b").write(bytes(data))
PY
cp -a "$project" "$WORK/project-copy"
sleep 2.1
"$PYCONTAINER" --quiet build --base-image scratch --entrypoint "python3 app/main.py" --context "$WORK/project-copy" \
  --cache-dir "$cache" --output "$WORK/out-copy" > /dev/null
expect_eq "$(sha256sum < "$cached_blob" | cut -d' ' -f1)" "$layer" "the cache's blob after a changed hard link and a miss"
"$PYCONTAINER" --quiet verify "$WORK/out-copy:1.0" || fail "verify rejects the copy's layout: it got the changed blob"

# 3. Build-system steps: a deps layer (--files) and the app layer; touching an app file repacks the app
#    layer only, and changed dependency content invalidates the deps layer.
deps_step=("$PYCONTAINER" --quiet layer --files "$site/pkg" --destination /opt/site --name deps
           --record "$WORK/deps.json" --staging "$WORK/staging-deps" --cache-dir "$cache")
app_step=("$PYCONTAINER" --quiet layer --context "$project" --record "$WORK/app.json" --staging "$WORK/staging-app"
          --cache-dir "$cache")
"${deps_step[@]}"
"${app_step[@]}"
deps_digest=$(json_get "$WORK/deps.json" 'd["layers"][0]["descriptor"]["digest"]')
touch "$project/app/util.py"
trace_openat "$WORK/trace-deps" "${deps_step[@]}"
trace_openat "$WORK/trace-app" "${app_step[@]}"
opened=$(opened_files "$WORK/trace-deps" "$site")
[[ -z $opened ]] || fail "the unchanged deps layer was read again: $opened"
expect_eq "$(json_get "$WORK/deps.json" 'd["layers"][0]["descriptor"]["digest"]')" "$deps_digest" "deps layer digest"
expect_contains "$(opened_files "$WORK/trace-app" "$project/app")" "$project/app/util.py" "files the app step read"

printf 'VALUE = 1000\n' > "$site/pkg/mod_1.py"
"${deps_step[@]}"
new_digest=$(json_get "$WORK/deps.json" 'd["layers"][0]["descriptor"]["digest"]')
[[ $new_digest != "$deps_digest" ]] || fail "changed dependency content kept the cached deps layer $deps_digest"
blob=$WORK/staging-deps/blobs/sha256/${new_digest#sha256:}
tar -xzOf "$blob" opt/site/pkg/mod_1.py | grep -q 'VALUE = 1000' || fail "the deps layer lacks the new content"

# 4. Two builds at once on one (empty) cache both succeed with valid layouts.
shared=$WORK/shared-cache
"${build[@]/$cache/$shared}" --output "$WORK/a" > "$WORK/a.out" 2> "$WORK/a.err" &
first_pid=$!
"${build[@]/$cache/$shared}" --output "$WORK/b" > "$WORK/b.out" 2> "$WORK/b.err" &
second_pid=$!
wait "$first_pid" || fail "the first of two concurrent builds failed: $(cat "$WORK/a.err")"
wait "$second_pid" || fail "the second of two concurrent builds failed: $(cat "$WORK/b.err")"
expect_eq "$(cat "$WORK/b.out")" "$(cat "$WORK/a.out")" "manifests of the concurrent builds"
"$PYCONTAINER" --quiet verify "$WORK/a:1.0" || fail "verify rejects the first concurrent layout"
"$PYCONTAINER" --quiet verify "$WORK/b:1.0" || fail "verify rejects the second concurrent layout"

# 5. --no-cache reads everything again and records nothing.
rm -rf "$WORK/nocache"
"$PYCONTAINER" --quiet build --base-image scratch --entrypoint "python3 app/main.py" \
  --context "$project" --cache-dir "$WORK/nocache" --no-cache --output "$WORK/out2" > /dev/null
[[ ! -e $WORK/nocache/layers ]] || fail "--no-cache created $WORK/nocache/layers"
echo "cache: ok"
