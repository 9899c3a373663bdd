#!/usr/bin/env bash
# `pip install .` of this repository in a fresh venv, offline (Debian's setuptools and wheel, seen through
# --system-site-packages; --no-build-isolation --no-index), the helper taken from the test build
# (PYCONTAINER_HELPER_BUILD_DIR): it installs the helper binary itself as the venv's `pycontainer`
# (an ELF file, no Python launcher), whose --version is the distribution's version, and the package
# finds it. The fixture wheel is tagged py3-none-<platform> and holds the binary as its script.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"

venv=$WORK/venv
make_venv "$venv"
PYCONTAINER_HELPER_BUILD_DIR=$PYCONTAINER_BUILD_DIR "$venv/bin/pip" install --no-build-isolation --no-index \
  --no-deps "$PYCONTAINER_SOURCE_DIR" >"$WORK/pip.log" 2>&1 || fail "pip install . failed: $(tail -20 "$WORK/pip.log")"
[[ $(head -c 4 "$venv/bin/pycontainer" | od -An -c | tr -d ' ') == '177ELF' ]] ||
  fail "$venv/bin/pycontainer is not the helper binary: $(head -c 80 "$venv/bin/pycontainer")"
version=$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("pycontainer"))')
expect_eq "$("$venv/bin/pycontainer" --version)" "pycontainer $version" "pycontainer --version"
expect_eq "$(PATH=$venv/bin:/usr/bin:/bin pycontainer --version)" "pycontainer $version" "pycontainer on PATH"
expect_eq "$("$venv/bin/python" -c 'import pycontainer; print(pycontainer.helper_path(), pycontainer.__version__)')" \
  "$venv/bin/pycontainer $version" "the package's helper_path() and __version__"
cmp "$venv/bin/pycontainer" "$PYCONTAINER" || fail "the installed helper is not the build's $PYCONTAINER"

wheel=$(fixture_wheel)
platform=$("$SYSTEM_PYTHON" -c 'import sysconfig; print(sysconfig.get_platform().replace("-", "_"))')
expect_eq "$(basename "$wheel")" "pycontainer-$version-py3-none-$platform.whl" "the wheel's name"
"$SYSTEM_PYTHON" - "$wheel" "$version" <<'PY' || fail "the wheel's contents"
import sys, zipfile
wheel, version = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    script = z.getinfo(f"pycontainer-{version}.data/scripts/pycontainer")
    assert (script.external_attr >> 16) & 0o111, "the helper is not executable"
    assert z.read(script)[:4] == b"\x7fELF", "the script is not the binary"
    meta = z.read(f"pycontainer-{version}.dist-info/WHEEL").decode()
    assert "Root-Is-Purelib: false" in meta and "Tag: py3-none-linux_" in meta, meta
    record = z.read(f"pycontainer-{version}.dist-info/RECORD").decode()
    assert all(name in record for name in names), "RECORD misses files"
    for module in ("__init__", "config", "builder", "helper", "errors", "results"):
        assert f"pycontainer/{module}.py" in names, module
print("wheel ok:", len(names), "files")
PY
echo "ok: pip install . gives $("$venv/bin/pycontainer" --version)"
