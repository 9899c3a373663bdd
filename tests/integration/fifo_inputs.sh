#!/usr/bin/env bash
# A FIFO where an input file belongs (pyproject.toml, --config, a layout's index.json or oci-layout) is refused
# at once with exit status 2 by build, verify, inspect and push, never waited on; a FIFO among the
# context's files is skipped with a warning.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
base=$(python_base)

"$PYCONTAINER" --quiet build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" --base-image "$base" \
  --output "$WORK/image" >/dev/null

# expect_fifo_refused NAME FIFO COMMAND...: COMMAND exits 2 within 10 s naming FIFO as a FIFO.
expect_fifo_refused() {
  local name=$1 fifo=$2
  shift 2
  local status=0
  timeout 10 "$PYCONTAINER" "$@" >/dev/null 2>"$WORK/$name.err" </dev/null || status=$?
  [[ $status != 124 ]] || fail "$name waited on the FIFO $fifo"
  expect_eq "$status" "2" "exit status for $name ($(cat "$WORK/$name.err"))"
  expect_contains "$(cat "$WORK/$name.err")" "'$fifo' is a FIFO, not a regular file" "$name"
  echo "ok $name"
}

for file in oci-layout index.json; do
  layout="$WORK/fifo-$file"
  cp -r "$WORK/image" "$layout"
  rm "$layout/$file"
  mkfifo "$layout/$file"
  expect_fifo_refused "verify-$file" "$layout/$file" verify "$layout:0.1.0"
  expect_fifo_refused "inspect-$file" "$layout/$file" inspect "$layout:0.1.0"
  # Refused while reading the layout, before any connection (nothing listens on port 9).
  expect_fifo_refused "push-$file" "$layout/$file" push --insecure-registry 127.0.0.1:9 --retries 0 \
    "$layout:0.1.0" 127.0.0.1:9/fifo:1
  expect_fifo_refused "build-output-$file" "$layout/$file" build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" \
    --base-image "$base" --output "$layout"
  expect_fifo_refused "build-base-$file" "$layout/$file" build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" \
    --base-image "oci:$layout:0.1.0" --output "$WORK/out-base-$file"
done

mkdir -p "$WORK/fifo-project"
mkfifo "$WORK/fifo-project/pyproject.toml"
expect_fifo_refused build-pyproject "$WORK/fifo-project/pyproject.toml" build --context "$WORK/fifo-project" \
  --base-image "$base" --output "$WORK/out-pyproject"
[[ ! -e $WORK/out-pyproject ]] || fail "the refused build wrote $WORK/out-pyproject"

mkfifo "$WORK/fifo.toml"
expect_fifo_refused build-config "$WORK/fifo.toml" build --context "$PYCONTAINER_SOURCE_DIR/examples/hello" \
  --config "$WORK/fifo.toml" --base-image "$base" --output "$WORK/out-config"

cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/fifo-context"
mkfifo "$WORK/fifo-context/hello/pipe"
timeout 10 "$PYCONTAINER" build --context "$WORK/fifo-context" --base-image "$base" --output "$WORK/out-context" \
  >/dev/null 2>"$WORK/context.err" </dev/null || fail "the build with a FIFO in the context failed: $(cat "$WORK/context.err")"
expect_contains "$(cat "$WORK/context.err")" "skipping 'hello/pipe' in the context" "the context's FIFO"
echo "PASS"
