"""Writes the source distribution (PEP 517 sdist, PEP 625 name): ``<name>-<version>.tar.gz`` holding
``<name>-<version>/PKG-INFO`` and what building the wheel from it needs: the CMake project that compiles
the helper (CMakeLists.txt, cmake/, helper/, bazel/, which the CMake project installs), pyproject.toml and
README.md (the description). Not tests/, examples/ or build trees: the wheel builds with
-DPYCONTAINER_BUILD_TESTING=OFF.

Deterministic: members sorted by path, files only (directories are implied), dated alike, owner
0:0 with no names, mode 0644 or 0755 (when the source file is executable), pax format; the gzip header
holds the same time and no file name. Python caches and the *.egg-info of older setuptools builds are left
out.
"""

import gzip
import io
import os
import tarfile
from pathlib import Path

_ROOTS = ("CMakeLists.txt", "README.md", "bazel", "cmake", "helper", "pyproject.toml")
_SKIPPED_DIRS = ("__pycache__",)
_SKIPPED_SUFFIXES = (".pyc", ".egg-info")


def _skipped(name):
    return name in _SKIPPED_DIRS or name.endswith(_SKIPPED_SUFFIXES)


def sdist_files(source_dir):
    """The paths, relative to SOURCE_DIR and sorted, that the sdist holds."""
    source_dir = Path(source_dir)
    files = []
    for root in _ROOTS:
        path = source_dir / root
        if path.is_file():
            files.append(root)
            continue
        if not path.is_dir():
            raise RuntimeError(f"{path}: missing, and the sdist needs it to build the helper")
        for directory, subdirs, names in os.walk(path):
            subdirs[:] = [d for d in subdirs if not _skipped(d)]
            for name in names:
                if not _skipped(name):
                    files.append((Path(directory) / name).relative_to(source_dir).as_posix())
    return sorted(files)


def _member(name, size, mode, epoch):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, mode, epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def write_sdist(sdist_directory, source_dir, project, epoch):
    """Writes the sdist into SDIST_DIRECTORY, its members dated EPOCH (timestamp.py), and returns its file
    name."""
    top = f"{project.file_name}-{project.version}"
    target = Path(sdist_directory) / f"{top}.tar.gz"
    partial = target.with_name(target.name + ".part")
    pkg_info = project.metadata.encode()
    try:
        with open(partial, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch) as gz, \
                tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            entries = sorted([(name, Path(source_dir) / name) for name in sdist_files(source_dir)]
                             + [("PKG-INFO", None)])
            for name, path in entries:
                if path is None:
                    tar.addfile(_member(f"{top}/{name}", len(pkg_info), 0o644, epoch), io.BytesIO(pkg_info))
                    continue
                mode = 0o755 if os.stat(path).st_mode & 0o111 else 0o644
                with open(path, "rb") as file:
                    tar.addfile(_member(f"{top}/{name}", os.fstat(file.fileno()).st_size, mode, epoch), file)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return target.name

