#!/usr/bin/env bash
# pycontainer verify --expect-import (issue 15): each module is found where the image's Python imports
# from (its working directory, PYTHONPATH, the standard library, site-packages) and its libraries by the
# link check, which covers every ELF file of the image's own layers. A package of the context, a C
# extension on PYTHONPATH, a namespace package and the standard library pass; a module not there, an
# extension built for another Python, an extension whose library is missing and another own ELF file
# missing one fail (exit 1) naming what and where, with the fix. The image passing is run too: what
# verify says imports, imports.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_tool gcc gcc
require_tool python3-config python3-dev
base=$(python_base)
native=$WORK/build/native
mkdir -p "$native/lib" "$WORK/app/geomapp" "$WORK/app/acme/tools"
printf '[project]\nname = "geomapp"\nversion = "1.0"\n' > "$WORK/app/pyproject.toml"
echo 'import geomext, acme.tools.cut, json; print("area", geomext.area())' > "$WORK/app/geomapp/__main__.py"
touch "$WORK/app/geomapp/__init__.py"
echo 'def cut(): pass' > "$WORK/app/acme/tools/cut.py" # acme and acme.tools: namespace packages

echo 'int geom_area(int w, int h) { return w * h; }' > "$WORK/geom.c"
gcc -shared -fPIC -Wl,-soname,libgeom.so.1 -o "$native/lib/libgeom.so.1" "$WORK/geom.c"
cp "$(dirname "$0")/geomext.c" "$WORK/geomext.c"
suffix=$(python3 -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))")
extension=$native/geomext$suffix
# shellcheck disable=SC2046
gcc -shared -fPIC $(python3-config --includes) -o "$extension" "$WORK/geomext.c" "$native/lib/libgeom.so.1" \
  -Wl,-rpath,'$ORIGIN/../lib' -Wl,--enable-new-dtags

build() {
  local output=$1
  shift
  "$PYCONTAINER" --quiet build --cache-dir "$WORK/cache" --context "$WORK/app" --base-image "$base" --output "$output" \
    --tag geom:1 --env PYTHONPATH=/app/native --entrypoint "python3 -m geomapp" "$@" >/dev/null
}
# expect_verify_fails LAYOUT MODULE...: verify fails with exit 1; its message is in $errors.
expect_verify_fails() {
  local layout=$1 status=0
  shift
  local args=()
  for module in "$@"; do
    args+=(--expect-import "$module")
  done
  errors=$("$PYCONTAINER" verify "$layout" "${args[@]}" 2>&1 >/dev/null) || status=$?
  expect_eq "$status" 1 "the exit status of verify --expect-import $*"
}

# Whole: everything imports, and the image runs.
build "$WORK/good" --files "$extension" --destination /app/native --files "$native/lib/libgeom.so.1" --destination /app/lib
log=$("$PYCONTAINER" -v verify "$WORK/good" --expect-import geomapp --expect-import geomapp.__main__ \
  --expect-import geomext --expect-import acme --expect-import acme.tools.cut --expect-import json --expect-import encodings.utf_8 2>&1)
expect_contains "$log" "module geomapp: package /app/geomapp/__init__.py" "verify's log"
expect_contains "$log" "module geomext: extension module /app/native/geomext$suffix" "verify's log"
expect_contains "$log" "module acme: namespace package /app/acme" "verify's log"
expect_contains "$log" "module acme.tools.cut: module /app/acme/tools/cut.py" "verify's log"
expect_contains "$log" "module json: package /usr/lib/python3.11/json/__init__.py" "verify's log"
expect_contains "$log" "is valid" "verify's log"
unpack_image "$WORK/good" 1 "$WORK/bundle"
output=$(python3 "$(dirname "$0")/run_bundle.py" "$WORK/bundle")
expect_eq "$output" "area 42" "the image's output"

# A module not in the image: named, with the files looked for, the directories searched and the fix.
expect_verify_fails "$WORK/good" geomext notthere geomapp.nothing
expect_contains "$errors" "module notthere is not found where the image's Python (/usr/bin/python3, 3.11) imports from: no notthere.py, notthere/__init__.py or notthere$suffix (or .abi3.so, .so) in /app (the working directory" "the error"
expect_contains "$errors" "/app/native (PYTHONPATH)" "the error"
expect_contains "$errors" "/usr/lib/python3/dist-packages (Debian's site-packages)" "the error"
expect_contains "$errors" "put its directory on PYTHONPATH" "the error"
expect_contains "$errors" "module geomapp.nothing is not found" "the error"
[[ $errors != *"module geomext"* ]] || fail "verify named geomext, which imports: $errors"

# An extension built for another Python: pointed out.
other=$native/other/geomext.cpython-399-x86_64-linux-gnu.so
mkdir -p "$(dirname "$other")"
cp "$extension" "$other"
build "$WORK/other" --files "$other" --destination /app/native --files "$native/lib/libgeom.so.1" --destination /app/lib
expect_verify_fails "$WORK/other" geomext
expect_contains "$errors" "/app/native/geomext.cpython-399-x86_64-linux-gnu.so is there, but its name is not one this Python imports" "the error"

# The extension's library left out (the build allowed it): the module would not load.
build "$WORK/nolib" --files "$extension" --destination /app/native --allow-missing-libraries 2>/dev/null
expect_verify_fails "$WORK/nolib" geomapp geomext
expect_contains "$errors" "module geomext (/app/native/geomext$suffix) would not load: the image's dynamic loader would not find libgeom.so.1, needed by /app/native/geomext$suffix (layer " "the error"
[[ $errors != *"module geomapp"* ]] || fail "verify named geomapp, which imports: $errors"

# Another ELF file of the image's own layers missing a library: the link check fails the import check.
echo 'int geom_area(int, int); int tool(void) { return geom_area(1, 2); }' > "$WORK/tool.c"
gcc -shared -fPIC -o "$native/tool.so" "$WORK/tool.c" "$native/lib/libgeom.so.1"
build "$WORK/tool" --files "$extension" "$native/tool.so" --destination /app/native --files "$native/lib/libgeom.so.1" \
  --destination /app/lib --allow-missing-libraries 2>/dev/null
expect_verify_fails "$WORK/tool" geomapp
expect_contains "$errors" "would not find libgeom.so.1, needed by /app/native/tool.so" "the error"

# A name that is no module's: a usage error.
status=0
errors=$("$PYCONTAINER" verify "$WORK/good" --expect-import geom-app 2>&1 >/dev/null) || status=$?
expect_eq "$status" 2 "the exit status of verify --expect-import geom-app"
expect_contains "$errors" '"geom-app" is not a module name' "the error"
echo "PASS"
