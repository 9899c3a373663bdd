#!/usr/bin/env bash
# The link check (issue 15): an extension module linking a shared library of the same project fails the
# build, naming the library, the file and the build tree its RUNPATH points into, until the library
# (with its SONAME link) is packed; then the image imports it (unpacked, run with chroot). A C++
# extension needs libstdc++.so.6, which the test base (Debian essential + python3) lacks: named too.
# --allow-missing-libraries builds with a warning. A warm build does not check again (but warns again).
# The build-system steps (`layer`, `assemble`) check the same at the assembly.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
require_tool gcc gcc
require_tool g++ g++
require_tool python3-config python3-dev
base=$(python_base)
native=$WORK/build/native
mkdir -p "$native/lib" "$WORK/app/geomapp"
printf '[project]\nname = "geomapp"\nversion = "1.0"\n' > "$WORK/app/pyproject.toml"
echo 'import geomext; print("area", geomext.area())' > "$WORK/app/geomapp/__main__.py"

# libgeom.so.1.0 with SONAME libgeom.so.1 and its link; the extension finds it through $ORIGIN/../lib
# and, as CMake's build RPATH does, the build tree.
echo 'int geom_area(int w, int h) { return w * h; }' > "$WORK/geom.c"
gcc -shared -fPIC -Wl,-soname,libgeom.so.1 -o "$native/lib/libgeom.so.1.0" "$WORK/geom.c"
ln -s libgeom.so.1.0 "$native/lib/libgeom.so.1"
cp "$(dirname "$0")/geomext.c" "$WORK/geomext.c"
extension=$native/geomext$(python3 -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))")
# shellcheck disable=SC2046
gcc -shared -fPIC $(python3-config --includes) -o "$extension" "$WORK/geomext.c" "$native/lib/libgeom.so.1" \
  -Wl,-rpath,"\$ORIGIN/../lib:$native/lib" -Wl,--enable-new-dtags

build() {
  "$PYCONTAINER" build --cache-dir "$WORK/cache" --context "$WORK/app" --base-image "$base" --output "$WORK/image" --tag geom:1 \
    --env PYTHONPATH=/app/native --entrypoint "python3 -m geomapp" "$@"
}

# The library left out: an error naming it, the extension, the build tree; nothing written.
set +e
errors=$(build --files "$extension" --destination /app/native 2>&1 >/dev/null)
status=$?
set -e
expect_eq "$status" 2 "the exit status of a build missing a library"
expect_contains "$errors" "would not find libgeom.so.1, needed by /app/native/$(basename "$extension")" "the error"
expect_contains "$errors" "names $native/lib, which the image does not have" "the error"
expect_contains "$errors" "--allow-missing-libraries" "the error"
[[ ! -e $WORK/image ]] || fail "a build failing its link check wrote $WORK/image"

# Packed with its SONAME link: the image imports it. (After 2 s: a check of files changed within the
# last 2 s is not remembered.)
sleep 2
build --files "$extension" --destination /app/native --files "$native/lib/libgeom.so.1.0" "$native/lib/libgeom.so.1" \
  --destination /app/lib >/dev/null
unpack_image "$WORK/image" 1 "$WORK/bundle"
output=$(python3 "$(dirname "$0")/run_bundle.py" "$WORK/bundle")
expect_eq "$output" "area 42" "the image's output"

# A warm build finds the pass remembered.
log=$(build -v --files "$extension" --destination /app/native --files "$native/lib/libgeom.so.1.0" \
  "$native/lib/libgeom.so.1" --destination /app/lib 2>&1 >/dev/null)
expect_contains "$log" "link check passed before" "a warm build's log"

# Overridden: a warning and an image, and the warning again when the pass is remembered.
for run in first warm; do
  log=$(build -v --files "$extension" --destination /app/native --allow-missing-libraries 2>&1 >/dev/null)
  expect_contains "$log" "warning: the image's dynamic loader would not find libgeom.so.1" "the $run warning"
done
expect_contains "$log" "link check passed before" "a warm build's log"

# The build-system steps run the same check at the assembly, from what each layer step wrote beside its
# record; an assembly of layers that passed before reads nothing.
steps=(--context "$WORK/app" --base-image "$base" --tag geom:1)
step() { # STEP NAME ARGS...: runs `pycontainer STEP` writing $WORK/steps/NAME.json
  local command=$1 name=$2
  shift 2
  "$PYCONTAINER" --quiet "$command" "$@" --record "$WORK/steps/$name.json" --staging "$WORK/steps/$name"
}
step base base "${steps[@]}"
step layer app "${steps[@]}" --base-record "$WORK/steps/base.json" --cache-dir "$WORK/cache"
step layer native --name files-0 --files "$extension" --destination /app/native --base-record "$WORK/steps/base.json" \
  --cache-dir "$WORK/cache"
[[ -s $WORK/steps/native.links.json ]] || fail "the layer step wrote no link files beside its record"
assemble() { # RECORDS ARGS...: assembles the app layer and the named records into $WORK/steps-image
  local records=() record
  for record in app $1; do
    records+=(--layer-record "$WORK/steps/$record.json")
  done
  shift
  "$PYCONTAINER" assemble "${steps[@]}" --base-record "$WORK/steps/base.json" "${records[@]}" --cache-dir "$WORK/cache" \
    --env PYTHONPATH=/app/native --entrypoint "python3 -m geomapp" --output "$WORK/steps-image" "$@"
}
set +e
errors=$(assemble native 2>&1 >/dev/null)
status=$?
set -e
expect_eq "$status" 2 "the exit status of an assembly missing a library"
expect_contains "$errors" "would not find libgeom.so.1, needed by /app/native/$(basename "$extension")" "the assembly's error"
expect_contains "$errors" "names $native/lib, which the image does not have" "the assembly's error"
[[ ! -e $WORK/steps-image ]] || fail "an assembly failing its link check wrote $WORK/steps-image"
log=$(assemble native -v --allow-missing-libraries 2>&1 >/dev/null)
expect_contains "$log" "warning: the image's dynamic loader would not find libgeom.so.1" "the assembly allowed to miss it"
sleep 2 # as above
step layer geom --name files-1 --files "$native/lib/libgeom.so.1.0" "$native/lib/libgeom.so.1" --destination /app/lib \
  --cache-dir "$WORK/cache"
log=$(assemble "native geom" -v 2>&1 >/dev/null)
expect_contains "$log" "link check: 2 ELF file(s) of our layers" "the assembly's log"
rm -rf "$WORK/bundle"
unpack_image "$WORK/steps-image" 1 "$WORK/bundle"
expect_eq "$(python3 "$(dirname "$0")/run_bundle.py" "$WORK/bundle")" "area 42" "the output of the image the steps made"
log=$(assemble "native geom" -v 2>&1 >/dev/null)
expect_contains "$log" "link check passed before" "a second assembly's log"
# Link files that do not describe the record's layers (another step's) are refused, naming both.
cp "$WORK/steps/geom.links.json" "$WORK/steps/native.links.json"
set +e
errors=$(assemble native 2>&1 >/dev/null)
status=$?
set -e
expect_eq "$status" 2 "the exit status of an assembly with stale link files"
expect_contains "$errors" "link files '$WORK/steps/native.links.json' of record '$WORK/steps/native.json'" "the error"
expect_contains "$errors" "run the step again" "the error"

# A C++ extension needs libstdc++.so.6, which the base has not.
echo 'int* make(int x) { return new int(x); }' > "$WORK/cxx.cpp" # operator new: libstdc++
g++ -shared -fPIC -o "$native/cxxext.so" "$WORK/cxx.cpp"
readelf -d "$native/cxxext.so" | grep -q 'libstdc++.so.6' || fail "g++ did not link $native/cxxext.so with libstdc++"
set +e
errors=$(build --files "$native/cxxext.so" --destination /app/native 2>&1 >/dev/null)
status=$?
set -e
expect_eq "$status" 2 "the exit status of a C++ extension on a base without libstdc++"
expect_contains "$errors" "would not find libstdc++.so.6, needed by /app/native/cxxext.so" "the error"
echo "PASS"
