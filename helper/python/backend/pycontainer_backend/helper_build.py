"""Compiles the pycontainer helper with CMake for the wheel.

A fresh build in a temporary directory (Release, -DPYCONTAINER_BUILD_TESTING=OFF: the unity build of the
helper alone, Ninja when installed), unless an existing build directory is named (``--config-settings
helper-build-dir=DIR`` or ``PYCONTAINER_HELPER_BUILD_DIR``): then its ``pycontainer`` target is brought up
to date and used. CMAKE_BUILD_PARALLEL_LEVEL and CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache) are read from
the environment by CMake itself.
"""

import os
import shutil
import subprocess
from pathlib import Path


def _cmake(*args):
    print("pycontainer wheel: cmake " + " ".join(str(a) for a in args), flush=True)
    subprocess.run(["cmake", *map(str, args)], check=True)


def build_helper(source_dir, existing_build_dir, scratch):
    """Builds the helper and returns the path of the binary. EXISTING_BUILD_DIR: the build directory to
    reuse, or None to configure one in SCRATCH."""
    if shutil.which("cmake") is None:
        raise RuntimeError("cmake is not installed: the wheel compiles the pycontainer helper with CMake "
                           "(Debian: apt-get install cmake g++ and the libraries README.md lists)")
    existing = existing_build_dir or os.environ.get("PYCONTAINER_HELPER_BUILD_DIR")
    if existing:
        build_dir = Path(existing).resolve()
        if not (build_dir / "CMakeCache.txt").is_file():
            raise RuntimeError(f"helper-build-dir {build_dir} is no CMake build directory (no CMakeCache.txt): "
                               "configure it first, or leave the setting out to build from scratch")
    else:
        build_dir = Path(scratch) / "helper-build"
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        _cmake("-S", source_dir, "-B", build_dir, *generator, "-DCMAKE_BUILD_TYPE=Release",
               "-DPYCONTAINER_BUILD_TESTING=OFF")
    _cmake("--build", build_dir, "--target", "pycontainer")
    binary = build_dir / "helper" / "pycontainer"
    if not binary.is_file():
        raise RuntimeError(f"the CMake build in {build_dir} made no {binary}")
    return binary
