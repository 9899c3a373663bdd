#!/usr/bin/env bash
# Bad input gives one clear error line, exit status 2, and writes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
base=$(python_base)

# expect_usage_error NAME EXPECTED-TEXT ARGS...: runs `pycontainer build ARGS --output $WORK/NAME`.
expect_usage_error() {
  local name=$1 expected=$2
  shift 2
  local status=0
  "$PYCONTAINER" build "$@" --output "$WORK/out-$name" > "$WORK/$name.out" 2> "$WORK/$name.err" || status=$?
  expect_eq "$status" "2" "exit status for $name"
  expect_eq "$(wc -l < "$WORK/$name.err")" "1" "error lines for $name ($(cat "$WORK/$name.err"))"
  expect_contains "$(cat "$WORK/$name.err")" "pycontainer: error: " "$name"
  expect_contains "$(cat "$WORK/$name.err")" "$expected" "$name"
  [[ ! -e $WORK/out-$name ]] || fail "$name wrote $WORK/out-$name"
  echo "ok $name: $(cat "$WORK/$name.err")"
}

expect_usage_error missing-context "context directory '$WORK/nowhere' does not exist" \
  --context "$WORK/nowhere" --base-image "$base"

mkdir -p "$WORK/broken"
printf '[project]\nname = "broken"\nversion = 1.0.0\n' > "$WORK/broken/pyproject.toml"
expect_usage_error broken-pyproject "pyproject.toml:3:" --context "$WORK/broken" --base-image "$base"

cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/hello"
printf '[build]\nworkdir = "/srv"\nbase_imag = "scratch"\n' > "$WORK/bad.toml"
expect_usage_error unknown-key 'bad.toml:3:1: unknown key "base_imag" in [build] (did you mean "base_image"?)' \
  --context "$WORK/hello" --config "$WORK/bad.toml"

cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/escape"
ln -s ../../../../etc/passwd "$WORK/escape/hello/passwd"
expect_usage_error escaping-symlink "hello/passwd" --context "$WORK/escape" --base-image "$base"

expect_usage_error unknown-platform 'invalid platform "linux/sparc"' \
  --context "$WORK/hello" --base-image "$base" --platform linux/sparc

expect_usage_error platform-not-in-base "linux/arm64" \
  --context "$WORK/hello" --base-image "$base" --platform linux/arm64

expect_usage_error bad-tag "repository name must be lowercase" \
  --context "$WORK/hello" --base-image "$base" --tag Hello:1

mkdir -p "$WORK/empty"
expect_usage_error no-entrypoint "no entrypoint found" --context "$WORK/empty" --base-image "$base" --tag empty:1

status=0
SOURCE_DATE_EPOCH=yesterday "$PYCONTAINER" build --context "$WORK/hello" --base-image "$base" --output "$WORK/out-epoch" \
  2> "$WORK/epoch.err" || status=$?
expect_eq "$status" "2" "exit status for a malformed SOURCE_DATE_EPOCH"
expect_contains "$(cat "$WORK/epoch.err")" 'SOURCE_DATE_EPOCH="yesterday"' "malformed SOURCE_DATE_EPOCH"
status=0
SOURCE_DATE_EPOCH=253402300800 "$PYCONTAINER" build --context "$WORK/hello" --base-image "$base" \
  --output "$WORK/out-epoch" 2> "$WORK/epoch.err" || status=$?
expect_eq "$status" "2" "exit status for a SOURCE_DATE_EPOCH after 9999"
expect_contains "$(cat "$WORK/epoch.err")" "after 9999-12-31T23:59:59Z" "SOURCE_DATE_EPOCH after 9999"
[[ ! -e $WORK/out-epoch ]] || fail "a SOURCE_DATE_EPOCH after 9999 wrote a layout"

# Exposed ports, empty values and other inputs that used to fall back to defaults quietly.
for port in eighty 99999 0 80/xyz /tcp; do
  expect_usage_error "port-${port//\//-}" "exposed port \"$port\" is not PORT[/PROTOCOL]" \
    --context "$WORK/hello" --base-image "$base" --expose "$port"
done
printf '[build]\nexpose = ["8080/quic"]\n' > "$WORK/ports.toml"
expect_usage_error port-in-config 'exposed port "8080/quic"' --context "$WORK/hello" --config "$WORK/ports.toml" \
  --base-image "$base"
for option in --tag --platform --base-image --output --workdir --context; do
  expect_usage_error "empty$option" "$option: an empty value" --context "$WORK/hello" --base-image "$base" "$option" ""
done
mkdir -p "$WORK/banana"
printf '[project]\nname = "banana"\nversion = "1"\nrequires-python = ">=banana"\n' > "$WORK/banana/pyproject.toml"
expect_usage_error requires-python 'pyproject.toml:4:19: [project].requires-python: ">=banana" is not a version specifier' \
  --context "$WORK/banana" --tag banana:1
expect_usage_error context-is-a-file "context '$WORK/hello/pyproject.toml' is a file, not a directory" \
  --context "$WORK/hello/pyproject.toml" --base-image "$base"
mkdir -p "$WORK/dir-pyproject/pyproject.toml"
expect_usage_error pyproject-directory "pyproject.toml' is a directory, not a pyproject.toml file" \
  --context "$WORK/dir-pyproject" --base-image "$base" --tag x:1
echo "PASS"
