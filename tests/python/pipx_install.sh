#!/usr/bin/env bash
# `pipx install .` with Debian's pipx, offline (PIP_NO_INDEX=1, nothing else: the backend needs no build
# package, so pip's isolated build environment stays empty) into the work directory's PIPX_HOME and
# PIPX_BIN_DIR: the command pipx puts on its bin directory is the helper binary, `pipx list` names the
# distribution with CMakeLists.txt's version, `pipx uninstall` removes it. pipx's attempt to upgrade pip in
# its shared libraries fails offline, which pipx reports and goes on.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
require_tool pipx pipx
version=$(cmake_version)

export PIPX_HOME=$WORK/pipx PIPX_BIN_DIR=$WORK/bin PIP_NO_INDEX=1 HOME=$WORK/home
mkdir -p "$HOME"
PYCONTAINER_HELPER_BUILD_DIR=$PYCONTAINER_BUILD_DIR pipx install "$PYCONTAINER_SOURCE_DIR" >"$WORK/pipx.log" 2>&1 ||
  fail "pipx install . failed: $(tail -30 "$WORK/pipx.log")"
[[ -x $PIPX_BIN_DIR/pycontainer ]] || fail "pipx put no pycontainer into $PIPX_BIN_DIR: $(cat "$WORK/pipx.log")"
cmp "$PIPX_BIN_DIR/pycontainer" "$PYCONTAINER" || fail "pipx's pycontainer is not the build's $PYCONTAINER"
expect_eq "$("$PIPX_BIN_DIR/pycontainer" --version)" "pycontainer $version" "pycontainer --version"
expect_eq "$(pipx list --short)" "pycontainer $version" "pipx list --short"
pipx uninstall pycontainer >"$WORK/uninstall.log" 2>&1 || fail "pipx uninstall failed: $(cat "$WORK/uninstall.log")"
[[ ! -e $PIPX_BIN_DIR/pycontainer ]] || fail "pipx uninstall left $PIPX_BIN_DIR/pycontainer"
echo "ok: pipx $(pipx --version) install . gives $("$PYCONTAINER" --version)"
