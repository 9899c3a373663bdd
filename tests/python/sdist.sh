#!/usr/bin/env bash
# The sdist: `python3 -m build` (Debian's python3-build, isolated environments, offline) makes the sdist and
# from it the wheel, which is byte for byte the fixture's (same helper: the test build's). The sdist holds
# PKG-INFO, pyproject.toml, README.md and the CMake project (CMakeLists.txt, cmake/, helper/, bazel/), not
# tests/ or caches, every member dated alike and owned by 0:0; made again it is the same file, and with
# SOURCE_DATE_EPOCH it carries that date. Unpacked, it configures with CMake as the backend does (every
# source of the helper there), and a pyproject.toml key the backend does not read is refused.
set -euo pipefail
source "$(dirname "$0")/python_lib.sh"
fresh_work_dir "$1"
version=$(cmake_version)
"$SYSTEM_PYTHON" -c 'import build' 2>/dev/null || fail "python3 -m build is not installed (Debian package: python3-build)"

PYCONTAINER_HELPER_BUILD_DIR=$PYCONTAINER_BUILD_DIR PIP_NO_INDEX=1 "$SYSTEM_PYTHON" -m build --outdir "$WORK/dist" \
  "$PYCONTAINER_SOURCE_DIR" >"$WORK/build.log" 2>&1 || fail "python3 -m build failed: $(tail -20 "$WORK/build.log")"
grep -q 'Building wheel from sdist' "$WORK/build.log" || fail "python3 -m build did not build the wheel from the sdist"
sdist=$WORK/dist/pycontainer-$version.tar.gz
[[ -f $sdist ]] || fail "no $sdist: $(ls "$WORK/dist")"
cmp "$WORK/dist/pycontainer-$version-"*.whl "$(fixture_wheel)" || fail "the wheel built from the sdist is not the fixture's"

"$SYSTEM_PYTHON" - "$sdist" "$version" 315532800 <<'PY' || fail "the sdist's members"
import sys, tarfile
sdist, version, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
top = f"pycontainer-{version}/"
with tarfile.open(sdist) as tar:
    members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names), "members not sorted"
    assert all(n.startswith(top) for n in names), names
    files = {n[len(top):] for n in names}
    for needed in ("PKG-INFO", "pyproject.toml", "README.md", "CMakeLists.txt", "cmake/PyContainer.cmake",
                   "helper/CMakeLists.txt", "helper/cli/main.cpp", "helper/python/pycontainer/__init__.py",
                   "helper/python/backend/pycontainer_backend/__init__.py", "bazel/defs.bzl"):
        assert needed in files, needed
    stray = [f for f in files if f.startswith(("tests/", "examples/", "build")) or "__pycache__" in f
             or ".egg-info" in f]
    assert not stray, stray
    for m in members:
        assert m.isfile() and m.mtime == epoch and (m.uid, m.gid, m.uname, m.gname) == (0, 0, "", ""), m.name
        assert m.mode in (0o644, 0o755), (m.name, oct(m.mode))
    pkg_info = tar.extractfile(top + "PKG-INFO").read().decode()
    assert f"Name: pycontainer\nVersion: {version}\n" in pkg_info, pkg_info[:200]
print(len(members), "members")
PY

# build_sdist DIR [SOURCE]: the backend's build_sdist hook, as a frontend calls it, into DIR.
build_sdist() {
  mkdir -p "$1"
  (cd "${2:-$PYCONTAINER_SOURCE_DIR}" && "$SYSTEM_PYTHON" -c \
    'import sys; sys.path.insert(0, "helper/python/backend"); import pycontainer_backend as b; print(b.build_sdist(sys.argv[1]))' \
    "$1")
}
build_sdist "$WORK/again" >/dev/null || fail "build_sdist failed"
cmp "$sdist" "$WORK/again/pycontainer-$version.tar.gz" || fail "the same inputs made another sdist"
SOURCE_DATE_EPOCH=1700000000 build_sdist "$WORK/dated" >/dev/null || fail "build_sdist with SOURCE_DATE_EPOCH failed"
"$SYSTEM_PYTHON" -c '
import gzip, sys, tarfile
with open(sys.argv[1], "rb") as f:
    header = f.read(10)
assert int.from_bytes(header[4:8], "little") == 1700000000 and not header[3] & 0x08, "gzip header"
with tarfile.open(sys.argv[1]) as tar:
    assert {m.mtime for m in tar.getmembers()} == {1700000000}
' "$WORK/dated/pycontainer-$version.tar.gz" || fail "the sdist with SOURCE_DATE_EPOCH=1700000000"

mkdir "$WORK/unpacked"
tar -xzf "$sdist" -C "$WORK/unpacked"
unpacked=$WORK/unpacked/pycontainer-$version
cmake -S "$unpacked" -B "$WORK/configured" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  >"$WORK/cmake.log" 2>&1 || fail "the unpacked sdist does not configure: $(tail -20 "$WORK/cmake.log")"
grep -q 'build helper/pycontainer:' "$WORK/configured/build.ninja" || fail "the configured sdist has no helper target"

sed -i 's/^\[project\]$/&\ndependencies = ["requests"]/' "$unpacked/pyproject.toml"
! build_sdist "$WORK/refused" "$unpacked" 2>"$WORK/refused.err" || fail "an unread [project] key was accepted"
expect_contains "$(cat "$WORK/refused.err")" "pyproject.toml: [project].dependencies is not read by pycontainer_backend"
[[ -z $(ls "$WORK/refused") ]] || fail "the refused build wrote $(ls "$WORK/refused")"
echo "ok: the sdist ($(du -k "$sdist" | cut -f1) KiB) builds the wheel and configures with CMake"
