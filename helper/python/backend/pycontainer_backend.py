"""PEP 517 backend of the pycontainer wheel: setuptools.build_meta for the Python package, plus the
compiled helper built by CMake and put into the wheel as its script ``<name>.data/scripts/pycontainer``
(installed into the environment's bin, so nothing Python runs on each call). The wheel is tagged
py3-none-<platform>: the helper is native code but does not depend on the Python ABI.

The helper comes from a fresh CMake build in a temporary directory, unless an existing build directory
is named (``--config-settings helper-build-dir=DIR`` or ``PYCONTAINER_HELPER_BUILD_DIR``): then its
``pycontainer`` target is brought up to date and used. CMAKE_BUILD_PARALLEL_LEVEL and
CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache) are read from the environment by CMake itself.
"""

import base64
import hashlib
import os
import shutil
import subprocess
import sysconfig
import tempfile
import zipfile
from pathlib import Path

from setuptools import build_meta as _setuptools

SOURCE_DIR = Path(__file__).resolve().parents[3]

get_requires_for_build_sdist = _setuptools.get_requires_for_build_sdist
build_sdist = _setuptools.build_sdist
prepare_metadata_for_build_wheel = _setuptools.prepare_metadata_for_build_wheel


def get_requires_for_build_wheel(config_settings=None):
    return _setuptools.get_requires_for_build_wheel(config_settings)


def _cmake(*args):
    print("pycontainer wheel: cmake " + " ".join(str(a) for a in args), flush=True)
    subprocess.run(["cmake", *map(str, args)], check=True)


def _build_helper(config_settings, scratch):
    """Builds the helper and returns the path of the binary."""
    existing = (config_settings or {}).get("helper-build-dir") or os.environ.get("PYCONTAINER_HELPER_BUILD_DIR")
    if existing:
        build_dir = Path(existing).resolve()
        if not (build_dir / "CMakeCache.txt").is_file():
            raise RuntimeError(f"helper-build-dir {build_dir} is no CMake build directory (no CMakeCache.txt): "
                               "configure it first, or leave the setting out to build from scratch")
    else:
        if shutil.which("cmake") is None:
            raise RuntimeError("cmake is not installed: the wheel compiles the pycontainer helper with CMake "
                               "(Debian: apt-get install cmake g++ and the libraries README.md lists)")
        build_dir = Path(scratch) / "helper-build"
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        _cmake("-S", SOURCE_DIR, "-B", build_dir, *generator, "-DCMAKE_BUILD_TYPE=Release",
               "-DPYCONTAINER_BUILD_TESTING=OFF")
    _cmake("--build", build_dir, "--target", "pycontainer")
    binary = build_dir / "helper" / "pycontainer"
    if not binary.is_file():
        raise RuntimeError(f"the CMake build in {build_dir} made no {binary}")
    return binary


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _platform_tag():
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def _add_helper(pure_wheel, binary, wheel_directory):
    """Rewrites the pure wheel setuptools made into a py3-none-<platform> one holding the helper."""
    dist, version = Path(pure_wheel).name.split("-")[:2]
    tag = f"py3-none-{_platform_tag()}"
    target = Path(wheel_directory) / f"{dist}-{version}-{tag}.whl"
    dist_info = f"{dist}-{version}.dist-info"
    records = []
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(pure_wheel) as source, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename == f"{dist_info}/RECORD":
                continue
            data = source.read(item)
            if item.filename == f"{dist_info}/WHEEL":
                lines = [line for line in data.decode().splitlines()
                         if not line.startswith(("Tag:", "Root-Is-Purelib:"))]
                data = ("\n".join(lines + ["Root-Is-Purelib: false", f"Tag: {tag}"]) + "\n").encode()
            out.writestr(item, data)
            records.append(_record_line(item.filename, data))
        name = f"{dist}-{version}.data/scripts/pycontainer"
        data = Path(binary).read_bytes()
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o100755 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        out.writestr(info, data)
        records.append(_record_line(name, data))
        records.append(f"{dist_info}/RECORD,,")
        out.writestr(f"{dist_info}/RECORD", "\n".join(records) + "\n")
    os.replace(partial, target)
    return target.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with tempfile.TemporaryDirectory(prefix="pycontainer-wheel-") as scratch:
        binary = _build_helper(config_settings, scratch)
        pure_dir = Path(scratch) / "pure"
        pure_dir.mkdir()
        setuptools_settings = {k: v for k, v in (config_settings or {}).items() if k != "helper-build-dir"}
        pure = _setuptools.build_wheel(str(pure_dir), setuptools_settings or None, metadata_directory)
        return _add_helper(pure_dir / pure, binary, wheel_directory)
