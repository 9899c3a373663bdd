# Helpers for the integration tests (sourced). The environment gives PYCONTAINER (the helper),
# PYCONTAINER_SOURCE_DIR and PYCONTAINER_FIXTURES.

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# A missing tool fails the test and names the package that provides it: never a silent skip.
require_tool() {
  command -v "$1" >/dev/null || fail "'$1' is not installed (Debian package: $2; tests/install-deps.sh installs it)"
}

# trace_calls TRACE CALLS COMMAND...: runs COMMAND under `strace -f -e trace=CALLS -o TRACE` (require_tool
# strace first). LeakSanitizer cannot run under ptrace, so a sanitized helper (tests/sanitize.sh) runs
# without leak checking there; an unsanitized one ignores ASAN_OPTIONS.
trace_calls() {
  local trace=$1 calls=$2
  shift 2
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -e "trace=$calls" -o "$trace" "$@"
}

# trace_openat TRACE COMMAND...: trace_calls TRACE openat COMMAND...
trace_openat() {
  local trace=$1
  shift
  trace_calls "$trace" openat "$@"
}

# A fresh, empty work directory for the test: $WORK.
fresh_work_dir() {
  WORK=$1
  rm -rf "$WORK"
  mkdir -p "$WORK"
}

# The reference of the Python base fixture, e.g. oci:/build/fixtures/python-base:3.11-slim.
python_base() {
  local ref
  ref=$(cat "$PYCONTAINER_FIXTURES/python-base.ref")
  echo "oci:$PYCONTAINER_FIXTURES/python-base:${ref#*:}"
}

# use_python_base: sets base (as python_base gives it), base_dir (its layout) and base_tag.
use_python_base() {
  base=$(python_base)
  base_dir=${base#oci:}
  base_dir=${base_dir%:*}
  base_tag=${base##*:}
}

# require_arm64_emulation: exits 77 (CTest: skipped), giving the reason, when the arm64_emulation fixture
# found that arm64 programs cannot run here; fails when that fixture did not run.
require_arm64_emulation() {
  local status=$PYCONTAINER_FIXTURES/arm64-emulation
  [[ -s $status ]] || fail "no $status: the fixture.arm64_emulation test did not run"
  if [[ $(cat "$status") != ok ]]; then
    echo "SKIP: arm64 emulation unavailable: $(cat "$status")"
    exit 77
  fi
}

# The reference of the two-platform base fixture (linux/amd64 and linux/arm64 in one image index), e.g.
# oci:/build/fixtures/python-multi-base:3.11-slim.
python_multi_base() {
  local ref
  ref=$(cat "$PYCONTAINER_FIXTURES/python-multi-base.ref")
  echo "oci:$PYCONTAINER_FIXTURES/python-multi-base:${ref#*:}"
}

# machine_project DIR: a project whose console script `machine` prints "machine: <platform.machine()>",
# for images of several platforms.
machine_project() {
  mkdir -p "$1/machine"
  cat >"$1/pyproject.toml" <<'TOML'
[project]
name = "machine"
version = "1.0"
requires-python = ">=3.11"
[project.scripts]
machine = "machine.cli:main"
TOML
  touch "$1/machine/__init__.py"
  cat >"$1/machine/cli.py" <<'PY'
import platform


def main():
    print("machine:", platform.machine())
PY
}

# expect_machine BUNDLE ARCH: the bundle (unpack_image) of a machine_project image for ARCH, run under
# chroot (run_bundle.py), prints that architecture's machine.
expect_machine() {
  local output expected
  output=$(python3 "$PYCONTAINER_SOURCE_DIR/tests/integration/run_bundle.py" "$1" 2>&1) || fail "the $2 image fails: $output"
  expected=$([[ $2 == amd64 ]] && echo x86_64 || echo aarch64)
  expect_eq "$output" "machine: $expected" "what the $2 image prints"
  echo "ok $2 runs: $output"
}

expect_eq() {
  [[ $1 == "$2" ]] || fail "${3:-values differ}: expected '$2', got '$1'"
}

# expect_refused NAME EXPECTED-TEXT ARGS...: `pycontainer build ARGS` exits 2 with EXPECTED-TEXT and writes
# nothing at $WORK/out-NAME (its output in $WORK/NAME.out and .err).
expect_refused() {
  local name=$1 expected=$2
  shift 2
  local status=0
  "$PYCONTAINER" build "$@" --output "$WORK/out-$name" >"$WORK/$name.out" 2>"$WORK/$name.err" || status=$?
  expect_eq "$status" 2 "exit status of $name ($(cat "$WORK/$name.err"))"
  expect_contains "$(cat "$WORK/$name.err")" "$expected" "$name's error"
  [[ ! -e $WORK/out-$name ]] || fail "$name wrote $WORK/out-$name"
  echo "ok $name: $(cat "$WORK/$name.err")"
}

expect_contains() {
  [[ $1 == *"$2"* ]] || fail "${3:-text} does not contain '$2': $1"
}

# json_get FILE PYTHON-EXPRESSION: evaluates an expression over the JSON document `d`.
json_get() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# manifest_digest LAYOUT REF: the digest index.json gives the image with that ref name.
manifest_digest() {
  python3 - "$1/index.json" "$2" <<'PY'
import json, sys
index = json.load(open(sys.argv[1]))
found = [m["digest"] for m in index["manifests"]
         if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == sys.argv[2]]
if len(found) != 1:
    sys.exit(f"{len(found)} images named {sys.argv[2]} in {sys.argv[1]}")
print(found[0])
PY
}

# Checks a layout with the independent tools: oci-image-tool, skopeo, and our own verify.
check_layout_with_tools() {
  local layout=$1 ref=$2
  require_tool oci-image-tool oci-image-tool
  require_tool skopeo skopeo
  oci-image-tool validate --type image --ref "name=$ref" "$layout" >/dev/null ||
    fail "oci-image-tool rejects $layout:$ref"
  skopeo inspect --raw "oci:$layout:$ref" >/dev/null || fail "skopeo cannot read oci:$layout:$ref"
  "$PYCONTAINER" --quiet verify "$layout:$ref" || fail "pycontainer verify rejects $layout:$ref"
}

# unpack_image LAYOUT REF BUNDLE: umoci unpack into a runtime bundle.
unpack_image() {
  require_tool umoci umoci
  rm -rf "$3"
  umoci --log error unpack --image "$1:$2" "$3" || fail "umoci cannot unpack $1:$2"
}

# serve_wheel_index DIR [LOG]: `python3 -m http.server` over DIR (a static package index, e.g. the fixture
# $PYCONTAINER_FIXTURES/wheel-index) on 127.0.0.1 at a port the kernel chooses, its request log in LOG
# (default $WORK/index.log); sets INDEX_URL (http://127.0.0.1:PORT), INDEX_LOG and INDEX_PID. Stopped by
# stop_wheel_index, and when the test exits.
serve_wheel_index() {
  INDEX_LOG=${2:-$WORK/index.log}
  mkdir -p "$(dirname "$INDEX_LOG")"
  : >"$INDEX_LOG"
  python3 -u -m http.server --bind 127.0.0.1 --directory "$1" 0 >"$INDEX_LOG" 2>&1 &
  INDEX_PID=$!
  trap stop_wheel_index EXIT
  local port="" tries
  for tries in $(seq 100); do
    port=$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\) .*/\1/p' "$INDEX_LOG")
    [[ -z $port ]] || break
    kill -0 "$INDEX_PID" 2>/dev/null || fail "the index server over $1 exited: $(cat "$INDEX_LOG")"
    sleep 0.05
  done
  [[ -n $port ]] || fail "the index server over $1 did not start in 5 s: $(cat "$INDEX_LOG")"
  INDEX_URL=http://127.0.0.1:$port
}

stop_wheel_index() {
  [[ -n ${INDEX_PID:-} ]] || return 0
  kill "$INDEX_PID" 2>/dev/null || true
  wait "$INDEX_PID" 2>/dev/null || true
  INDEX_PID=
}

# index_requests: the paths the index server was asked for (GET and HEAD lines of its log), one a line.
index_requests() {
  sed -n 's/.*"\(GET\|HEAD\) \([^ ]*\) HTTP.*/\2/p' "$INDEX_LOG"
}

# lock_project FORMAT DEST: the wheel index's project locked in FORMAT (uv, poetry, pdm, pipenv, pylock,
# requirements, sdist; rendered by the fixture) copied to DEST with its index at $INDEX_URL.
lock_project() {
  local source=$PYCONTAINER_FIXTURES/wheel-index/locks/$1
  [[ -d $source ]] || fail "no $source (the fixture.wheel_index test makes it)"
  rm -rf "$2"
  cp -r "$source" "$2"
  grep -rl 'http://index.invalid' "$2" | xargs -r sed -i "s|http://index.invalid|$INDEX_URL|g"
}

# write_pylock FILE 'NAME|VERSION|WHEEL'...: a PEP 751 lock of those packages, each with one wheel given
# as its TOML inline table ({path = "...", hashes = {sha256 = "..."}}).
write_pylock() {
  local file=$1 package name version wheel
  shift
  {
    printf 'lock-version = "1.0"\ncreated-by = "pycontainer tests"\n'
    for package in "$@"; do
      IFS='|' read -r name version wheel <<<"$package"
      printf '\n[[packages]]\nname = "%s"\nversion = "%s"\nwheels = [%s]\n' "$name" "$version" "$wheel"
    done
  } >"$file"
}
