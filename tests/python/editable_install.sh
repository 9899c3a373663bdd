#!/usr/bin/env bash
# `pip install -e .` (PEP 660) in a fresh venv without Debian's packages, offline: the package is imported
# from the source tree (helper/python, through the wheel's .pth file), the helper binary is the venv's
# `pycontainer` and the package finds it; `pip uninstall` removes both.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
version=$(cmake_version)

venv=$WORK/venv
make_venv "$venv" --own
PYCONTAINER_HELPER_BUILD_DIR=$PYCONTAINER_BUILD_DIR "$venv/bin/pip" install --no-index -e "$PYCONTAINER_SOURCE_DIR" \
  >"$WORK/pip.log" 2>&1 || fail "pip install -e . failed: $(tail -20 "$WORK/pip.log")"
expect_eq "$(cd "$WORK" && "$venv/bin/python" -c 'import pycontainer; print(pycontainer.__file__, pycontainer.__version__)')" \
  "$(realpath "$PYCONTAINER_SOURCE_DIR")/helper/python/pycontainer/__init__.py $version" "the package imported"
expect_eq "$("$venv/bin/pycontainer" --version)" "pycontainer $version" "pycontainer --version"
expect_eq "$("$venv/bin/python" -c 'import pycontainer; print(pycontainer.helper_path())')" "$venv/bin/pycontainer" \
  "helper_path()"
"$venv/bin/pip" uninstall --yes pycontainer >"$WORK/uninstall.log" 2>&1 || fail "pip uninstall failed: $(cat "$WORK/uninstall.log")"
[[ ! -e $venv/bin/pycontainer ]] || fail "pip uninstall left $venv/bin/pycontainer"
! (cd "$WORK" && "$venv/bin/python" -c 'import pycontainer' 2>/dev/null) || fail "pycontainer imports after pip uninstall"
echo "ok: pip install -e . imports pycontainer from the source tree and installs $("$PYCONTAINER" --version)"
