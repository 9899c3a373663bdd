#!/usr/bin/env bash
# Push progress as the user sees it. On a terminal (stderr a pseudo-terminal, pty_run.py): a bar per
# blob in flight (short digest, bar, bytes done / total, rate), redrawn in place (cursor up, carriage
# return, clear line), replaced by one "pushed" line per blob. Not a terminal: one plain line per blob,
# no control characters. --quiet: nothing, on a terminal too. Stdout has the pushed reference only.
set -euo pipefail
source "$(dirname "$0")/registry_lib.sh"
image=$(manifest_digest "$base_dir" "$base_tag")
manifest=$base_dir/blobs/sha256/${image#sha256:}
layer=$(json_get "$manifest" 'd["layers"][0]["digest"]')
layer_size=$(json_get "$manifest" 'd["layers"][0]["size"]')
config=$(json_get "$manifest" 'd["config"]["digest"]')
(( layer_size > 32 * 1024 * 1024 )) || fail "the base layer is too small to show progress: $layer_size bytes"

# on a terminal
"$SYSTEM_PYTHON" "$REGISTRY_TEST_DIR/pty_run.py" "$WORK/tty.out" "$WORK/tty.term" -- \
  "$PYCONTAINER" push "$base_dir:$base_tag" "$REGISTRY/progress/tty:1" || fail "push on a terminal failed: $(cat "$WORK/tty.term")"
expect_eq "$(cat "$WORK/tty.out")" "$REGISTRY/progress/tty:1@$image" "stdout on a terminal"
"$SYSTEM_PYTHON" - "$WORK/tty.term" "$layer" "$layer_size" "$config" <<'PY' || fail "terminal output: $(cat -v "$WORK/tty.term")"
import re, sys
term, layer, size, config = open(sys.argv[1], "rb").read().decode(), sys.argv[2], int(sys.argv[3]), sys.argv[4]
total = f"{size / 1e6:.1f} MB"
unit = r"[0-9.]+ (?:B|kB|MB|GB)"
bars = re.findall(rf"\x1b\[K([0-9a-f]{{12}}) \[([= ]{{30}})\] ({unit}) / ({unit})  ({unit}/s)\n", term)
layer_bars = [bar for bar in bars if bar[0] == layer[7:19]]
assert len(layer_bars) >= 2, f"{len(layer_bars)} bars of the layer"
assert all(bar[3] == total for bar in layer_bars), f"totals {[bar[3] for bar in layer_bars]}, expected {total}"
assert re.search(r"\x1b\[\d+A\r", term), "no redraw in place (cursor up, carriage return)"
for digest in (layer, config):
    assert re.search(rf"\x1b\[Kpushed {digest} \({unit} in [0-9.]+ s, {unit}/s\)\n", term), f"no line for {digest}"
assert f"\x1b[Kpushed {layer} ({total} in" in term, "the layer's line"
PY

# not a terminal: plain lines
"$PYCONTAINER" push "$base_dir:$base_tag" "$REGISTRY/progress/plain:1" >"$WORK/plain.out" 2>"$WORK/plain.err"
expect_eq "$(cat "$WORK/plain.out")" "$REGISTRY/progress/plain:1@$image" "stdout"
grep -q $'[\x1b\r]' "$WORK/plain.err" && fail "control characters without a terminal: $(cat -v "$WORK/plain.err")"
grep -Eq "^pushed $layer \([0-9.]+ MB in [0-9.]+ s, [0-9.]+ [kMG]?B/s\)$" "$WORK/plain.err" ||
  fail "no plain line for the layer: $(cat "$WORK/plain.err")"
grep -Eq "^pushed $config \([0-9.]+ k?B in [0-9.]+ s, [0-9.]+ [kMG]?B/s\)$" "$WORK/plain.err" ||
  fail "no plain line for the config: $(cat "$WORK/plain.err")"
expect_eq "$(grep -c "sha256:" "$WORK/plain.err")" "2" "one line per blob"

# --quiet: nothing on the terminal
"$SYSTEM_PYTHON" "$REGISTRY_TEST_DIR/pty_run.py" "$WORK/quiet.out" "$WORK/quiet.term" -- \
  "$PYCONTAINER" --quiet push "$base_dir:$base_tag" "$REGISTRY/progress/quiet:1"
expect_eq "$(cat "$WORK/quiet.out")" "$REGISTRY/progress/quiet:1@$image" "stdout with --quiet"
[[ ! -s $WORK/quiet.term ]] || fail "--quiet wrote to the terminal: $(cat -v "$WORK/quiet.term")"
echo "PASS"
