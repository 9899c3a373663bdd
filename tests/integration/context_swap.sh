#!/usr/bin/env bash
# A context file swapped back and forth for a symlink to a file outside the context while builds run:
# a build may fail (the link is refused when listed, the swap when packed: "changed while the build
# read it"), but no layer ever holds the outside file's content.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
fresh_work_dir "$1"
base=$(python_base)

cp -r "$PYCONTAINER_SOURCE_DIR/examples/hello" "$WORK/context"
echo "OUTSIDE-SECRET-$RANDOM$RANDOM" > "$WORK/secret"
secret=$(cat "$WORK/secret")
target="$WORK/context/hello/cli.py"
original=$(cat "$target")

# Renames are atomic: cli.py is always either a regular file or the link.
swap() {
  while :; do
    ln -sfn "$WORK/secret" "$WORK/link" && mv -T "$WORK/link" "$target"
    printf '%s\n' "$original" > "$WORK/file" && mv -T "$WORK/file" "$target"
  done
}
swap &
swapper=$!
trap 'kill $swapper 2>/dev/null || true' EXIT

built=0 refused=0
for i in $(seq 150); do
  if "$PYCONTAINER" --quiet build --no-cache --context "$WORK/context" --base-image "$base" --output "$WORK/image" \
    >/dev/null 2>"$WORK/build.err"; then
    built=$((built + 1))
  else
    error=$(cat "$WORK/build.err")
    [[ $error == *"changed while the build read it; run the build again"* || $error == *"hello/cli.py"* ]] ||
      fail "build $i failed otherwise: $error"
    refused=$((refused + 1))
  fi
done
kill $swapper
wait $swapper 2>/dev/null || true
echo "$built builds, $refused refused"
(( built > 0 )) || fail "no build succeeded while the file was swapped"

leaks=0
for blob in "$WORK"/image/blobs/sha256/*; do
  if gzip -dc "$blob" 2>/dev/null | grep -qa "$secret"; then
    leaks=$((leaks + 1))
  fi
done
expect_eq "$leaks" "0" "layers holding the outside file"
echo "PASS"
