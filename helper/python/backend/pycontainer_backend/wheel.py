"""Writes a wheel (PEP 427, "binary distribution format" of packaging.python.org).

A wheel is a zip: the files to install, then ``<name>-<version>.dist-info/`` with METADATA, WHEEL,
entry_points.txt (when there are entry points) and last RECORD, which lists every other file with its
``sha256=`` digest (urlsafe base64, no padding) and size. Files under ``<name>-<version>.data/scripts/``
are installed into the environment's bin directory.

Deterministic: entries in the order given (the callers sort them), all dated alike, mode 0644
or 0755 (Unix), no other attributes. Large files (the helper binary) are streamed, never held in memory.
The zip is written beside its destination and renamed into place when complete.
"""

import base64
import hashlib
import os
import time
import zipfile
from pathlib import Path

from .timestamp import ZIP_EPOCH

GENERATOR = "pycontainer_backend"
_CHUNK = 1 << 20


def dist_info_files(project, tag):
    """(name, bytes) of the .dist-info files before RECORD, also what prepare_metadata_for_build_wheel writes."""
    wheel = f"Wheel-Version: 1.0\nGenerator: {GENERATOR}\nRoot-Is-Purelib: false\nTag: {tag}\n"
    files = [(f"{project.dist_info}/METADATA", project.metadata.encode()),
             (f"{project.dist_info}/WHEEL", wheel.encode())]
    if project.entry_points:
        files.append((f"{project.dist_info}/entry_points.txt", project.entry_points.encode()))
    return files


class _Writer:
    def __init__(self, path, epoch):
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        self._date = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
        self.records = []

    def _info(self, name, executable):
        info = zipfile.ZipInfo(name, date_time=self._date)
        info.create_system = 3  # Unix, so that external_attr holds the mode
        info.external_attr = (0o100755 if executable else 0o100644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def add_bytes(self, name, data, executable=False):
        self._zip.writestr(self._info(name, executable), data)
        self._record(name, hashlib.sha256(data), len(data))

    def add_file(self, name, source, executable=False):
        digest, size = hashlib.sha256(), 0
        with open(source, "rb") as src, self._zip.open(self._info(name, executable), "w") as dst:
            for chunk in iter(lambda: src.read(_CHUNK), b""):
                digest.update(chunk)
                dst.write(chunk)
                size += len(chunk)
        self._record(name, digest, size)

    def _record(self, name, digest, size):
        encoded = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
        self.records.append(f"{name},sha256={encoded},{size}")

    def close(self, record_name):
        self._zip.writestr(self._info(record_name, False), "\n".join(self.records + [f"{record_name},,"]) + "\n")
        self._zip.close()


def write_wheel(wheel_directory, project, tag, epoch, sources, scripts, extra=()):
    """Writes <name>-<version>-<tag>.whl into WHEEL_DIRECTORY, its entries dated EPOCH (timestamp.py), and
    returns its file name. SOURCES: (name in the wheel, path) of the files to install into site-packages;
    SCRIPTS: (name, path) of executables for bin/; EXTRA: (name, bytes) of generated files for site-packages."""
    file_name = f"{project.file_name}-{project.version}-{tag}.whl"
    target = Path(wheel_directory) / file_name
    partial = target.with_name(file_name + ".part")
    writer = _Writer(partial, epoch)
    try:
        for name, path in sources:
            writer.add_file(name, path)
        for name, data in extra:
            writer.add_bytes(name, data)
        for name, path in scripts:
            writer.add_file(f"{project.file_name}-{project.version}.data/scripts/{name}", path, executable=True)
        for name, data in dist_info_files(project, tag):
            writer.add_bytes(name, data)
        writer.close(f"{project.dist_info}/RECORD")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return file_name
