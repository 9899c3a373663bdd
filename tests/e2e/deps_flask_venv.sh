#!/usr/bin/env bash
# A Flask app whose dependencies are in a virtualenv in its context (Flask and its dependencies from
# Debian's packages): built with --include-deps, unpacked with umoci, its detected entrypoint started in
# the root filesystem answers HTTP; its console script (flask) runs with the image's interpreter.
set -euo pipefail
source "$(dirname "$0")/../integration/lib.sh"
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
export XDG_CACHE_HOME="$WORK/cache"

app="$WORK/flask app" # a space in the path, on purpose
make_flask_app "$app"

# The dry run names the source, the packages and their layers.
plan=$("$PYCONTAINER" build --context "$app" --base-image "$(python_base)" --include-deps --dry-run)
expect_contains "$plan" "Dependencies: virtualenv $app/.venv (Python 3.11" "the plan"
expect_contains "$plan" "Flask 2.2.2" "the plan"
expect_contains "$plan" "MarkupSafe 2.1.2" "the plan"
expect_contains "$plan" "  deps:" "the plan"

start=$(date +%s.%N)
"$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps \
  --output "$WORK/image" >/dev/null
cold=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
"$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps \
  --output "$WORK/image" >/dev/null
warm=$(echo "$(date +%s.%N) - $start" | bc)
check_layout_with_tools "$WORK/image" 1.0
size=$(du -sb "$WORK/image/blobs" | cut -f1)
echo "Flask fixture: cold build ${cold}s, warm build ${warm}s, layout $size bytes"

unpack_image "$WORK/image" 1.0 "$WORK/bundle"
rootfs="$WORK/bundle/rootfs"
[[ -f $rootfs/app/.venv/lib/python3.11/site-packages/flask/app.py ]] || fail "flask is not in the image's venv"
[[ ! -e $rootfs/app/.venv/lib/python3.11/site-packages/flask/__pycache__ ]] || fail "the build machine's bytecode went in"
expect_eq "$(readlink "$rootfs/app/.venv/bin/python3")" /usr/bin/python3 "the venv's interpreter link"
expect_eq "$(head -n 1 "$rootfs/app/.venv/bin/flask")" "#!/app/.venv/bin/python3" "the flask script's shebang"
[[ ! -e $rootfs/app/.venv/pyvenv.cfg.orig ]]
grep -q '^home = /usr/bin$' "$rootfs/app/.venv/pyvenv.cfg" || fail "pyvenv.cfg: $(cat "$rootfs/app/.venv/pyvenv.cfg")"
env_path=$(json_get "$WORK/bundle/config.json" '[e for e in d["process"]["env"] if e.startswith("PATH=")][0]')
expect_contains "$env_path" "PATH=/app/.venv/bin:/usr/local/bin" "the image's PATH"

# The console script runs with the image's interpreter.
version=$(env -i PATH=/app/.venv/bin:/usr/bin:/bin "$(command -v chroot)" "$rootfs" /app/.venv/bin/flask --version)
expect_contains "$version" "Flask 2.2.2" "flask --version in the image"

port=$(free_port)
body=$(serve_and_get "$WORK/bundle" "$port" / --port "$port")
expect_eq "$body" "hello from flask in the image (&lt;ok&gt;)" "the app's answer"
# --compile-bytecode: unchecked-hash .pyc files (flags 1: hash-based, source not checked).
"$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps --compile-bytecode \
  --output "$WORK/image-pyc" >/dev/null
unpack_image "$WORK/image-pyc" 1.0 "$WORK/bundle-pyc"
pyc="$WORK/bundle-pyc/rootfs/app/.venv/lib/python3.11/site-packages/flask/__pycache__/app.cpython-311.pyc"
[[ -f $pyc ]] || fail "--compile-bytecode: no $pyc"
expect_eq "$(python3 -c 'import sys; print(int.from_bytes(open(sys.argv[1], "rb").read()[4:8], "little"))' "$pyc")" 1 \
  "the .pyc's invalidation flags"
# A rebuild finds the bytecode by the modules' status: it opens none of the venv's .py files and gives the
# same image; a changed module is compiled again.
require_tool strace strace
pyc_build=("$PYCONTAINER" --quiet build --context "$app" --base-image "$(python_base)" --include-deps --compile-bytecode
           --output "$WORK/image-pyc")
first_pyc_image=$(manifest_digest "$WORK/image-pyc" 1.0)
sleep 2.1 # past the racy window, so the first build's layers were recorded
"${pyc_build[@]}" >/dev/null
trace_openat "$WORK/pyc-trace" "${pyc_build[@]}" >/dev/null
opened=$(grep -v O_DIRECTORY "$WORK/pyc-trace" | grep -o "\"$app/.venv/[^\"]*\.py\"" | sort -u || true)
[[ -z $opened ]] || fail "--compile-bytecode read modules again on an unchanged rebuild: $opened"
expect_eq "$(manifest_digest "$WORK/image-pyc" 1.0)" "$first_pyc_image" "the image of an unchanged --compile-bytecode rebuild"
site_flask="$app/.venv/lib/python3.11/site-packages/flask"
[[ -f $site_flask/app.py && ! -L $site_flask/app.py ]] || fail "$site_flask/app.py is not a regular file"
printf '\nCHANGED_BY_THE_TEST = 1\n' >> "$site_flask/app.py"
"${pyc_build[@]}" >/dev/null
unpack_image "$WORK/image-pyc" 1.0 "$WORK/bundle-pyc2"
python3 - "$WORK/bundle-pyc2/rootfs/app/.venv/lib/python3.11/site-packages/flask/__pycache__/app.cpython-311.pyc" <<'PY' ||
import marshal, sys
code = marshal.loads(open(sys.argv[1], "rb").read()[16:])
sys.exit(0 if "CHANGED_BY_THE_TEST" in code.co_names else 1)
PY
  fail "the .pyc of a changed module was not compiled again"
echo "PASS: $body"
