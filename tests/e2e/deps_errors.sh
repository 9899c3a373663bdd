#!/usr/bin/env bash
# Dependencies that cannot run in the image are refused before anything is written, each with one
# clear line: a venv of another Python than the base's, an x86_64 .so in a linux/arm64 image (also
# on a base never inspected, whose layers are read while dependency layers are packed), a missing
# requirements file named explicitly. The override flags build anyway.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
export XDG_CACHE_HOME="$WORK/cache"

# expect_refused NAME EXPECTED-TEXT ARGS...: the build fails with one line containing the text, and
# writes no output layout.
expect_refused() {
  local name=$1 expected=$2
  shift 2
  local status=0
  "$PYCONTAINER" build --output "$WORK/$name-image" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || status=$?
  [[ $status != 0 ]] || fail "$name: the build succeeded"
  local message
  message=$(cat "$WORK/$name.err")
  expect_eq "$(wc -l <"$WORK/$name.err")" 1 "$name: lines of error output ($message)"
  expect_contains "$message" "pycontainer: error: " "$name: the error"
  expect_contains "$message" "$expected" "$name: the error"
  [[ ! -e $WORK/$name-image ]] || fail "$name: the failed build wrote $WORK/$name-image"
  echo "ok $name: $message"
}

app="$WORK/app"
mkdir -p "$app"
printf 'print("hi")\n' >"$app/main.py"

# 1. A venv of Python 3.12 against the 3.11 base.
mkdir -p "$WORK/venv312/lib/python3.12/site-packages/tool" "$WORK/venv312/bin"
printf 'home = /usr/bin\nversion = 3.12.1\n' >"$WORK/venv312/pyvenv.cfg"
echo 'X = 1' >"$WORK/venv312/lib/python3.12/site-packages/tool/__init__.py"
expect_refused python_mismatch "the dependencies are for Python 3.12" \
  --context "$app" --tag app:1 --base-image "$(python_base)" --venv "$WORK/venv312"
expect_contains "$(cat "$WORK/python_mismatch.err")" "has Python 3.11 (PYTHON_VERSION=3.11" "the error"
expect_contains "$(cat "$WORK/python_mismatch.err")" "--allow-python-mismatch" "the error"

# 2. An x86_64 extension module in a linux/arm64 image. The arm64 base only needs to look like one:
#    PYTHON_VERSION and an interpreter.
mkdir -p "$WORK/arm-rootfs/usr/bin" "$WORK/arm-rootfs/usr/lib/python3.11"
touch "$WORK/arm-rootfs/usr/bin/python3" "$WORK/arm-rootfs/usr/lib/python3.11/os.py"
tar -C "$WORK/arm-rootfs" -cf "$WORK/arm-rootfs.tar" .
"$PYCONTAINER" --quiet import-rootfs "$WORK/arm-rootfs.tar" --output "$WORK/arm-base" --tag python:3.11 \
  --platform linux/arm64 --env PYTHON_VERSION=3.11.2 >/dev/null
python3 -m venv --without-pip "$WORK/venv311"
site=$(echo "$WORK"/venv311/lib/python3*/site-packages)
mkdir -p "$site/fast"
extension=$(python3 -c 'import _ctypes; print(_ctypes.__file__)')
cp "$extension" "$site/fast/_speed.cpython-311-x86_64-linux-gnu.so"
expect_refused foreign_so "is an amd64 ELF file but the image is for linux/arm64" \
  --context "$app" --tag app:1 --base-image "oci:$WORK/arm-base:3.11" --platform linux/arm64 \
  --venv "$WORK/venv311"
expect_contains "$(cat "$WORK/foreign_so.err")" "fast/_speed.cpython-311-x86_64-linux-gnu.so" "the error"
# The same check covers the application's own files.
cp "$extension" "$app/helper.so"
expect_refused foreign_app_so "helper.so' (/app/helper.so in layer \"app\") is an amd64 ELF file" \
  --context "$app" --tag app:1 --base-image "oci:$WORK/arm-base:3.11" --platform linux/arm64
rm "$app/helper.so"
# The flag builds anyway.
"$PYCONTAINER" --quiet build --output "$WORK/forced" --context "$app" --tag app:1 \
  --base-image "oci:$WORK/arm-base:3.11" --platform linux/arm64 --venv "$WORK/venv311" \
  --allow-foreign-binaries >/dev/null || fail "--allow-foreign-binaries did not build"

# 2b. The same on a base never inspected: while the base's 70 MB layer is read, the dependency layers
#     that do not need its facts are packed into the cache, unchecked; a foreign binary in one (here an
#     arm64 ELF file in a distribution of its own layer, over 512 KiB) still writes no image.
export XDG_CACHE_HOME="$WORK/cache-new-base"
python3 -m venv --without-pip "$WORK/venv-big"
site=$(echo "$WORK"/venv-big/lib/python3*/site-packages)
mkdir -p "$site/big" "$site/big-1.0.dist-info"
python3 - "$site/big" "$extension" <<'PY'
import sys
directory, extension = sys.argv[1:]
with open(f"{directory}/tables.py", "w") as out:
    out.write("".join(f"TABLE_{i} = {list(range(i % 50))}\n" for i in range(8000)))
elf = bytearray(open(extension, "rb").read())
elf[18:20] = (183).to_bytes(2, "little")  # e_machine: EM_AARCH64
open(f"{directory}/_native.cpython-311-aarch64-linux-gnu.so", "wb").write(elf)
PY
printf 'Metadata-Version: 2.1\nName: big\nVersion: 1.0\n' >"$site/big-1.0.dist-info/METADATA"
(cd "$site" && find big big-1.0.dist-info -type f -printf '%p,,\n') >"$site/big-1.0.dist-info/RECORD"
sleep 2.1 # older than the cache's racy window, so the layer is packed ahead
expect_refused foreign_so_new_base "is an arm64 ELF file but the image is for linux/amd64" \
  --context "$app" --tag app:1 --base-image "$(python_base)" --venv "$WORK/venv-big"
ls "$XDG_CACHE_HOME"/pycontainer/layers/*.json >/dev/null 2>&1 ||
  fail "the layer of 'big' was not packed into the cache while the base was inspected"
export XDG_CACHE_HOME="$WORK/cache"

# 3. A requirements file named explicitly that does not exist.
expect_refused missing_requirements "requirements file '$WORK/nope.txt' does not exist" \
  --context "$app" --tag app:1 --base-image "$(python_base)" --requirements "$WORK/nope.txt"
echo "PASS"
