"""PEP 517 (and PEP 660) backend of the pycontainer distribution, in the tree (pyproject.toml's
backend-path) and written with the standard library only, so that building needs no package at all
(``get_requires_for_build_*`` return nothing; tomli only on a Python older than 3.11): pip offline with or
without ``--no-build-isolation``, pipx, ``python3 -m build`` all work with what Debian ships.

- The wheel, tagged py3-none-<platform> (the helper is native code that does not use the Python ABI):
  the package ``pycontainer`` of helper/python, and the compiled helper (helper_build) as the script
  ``<name>-<version>.data/scripts/pycontainer``, installed into the environment's bin directory: the
  ``pycontainer`` command is the binary itself, no Python runs on each call.
- The editable wheel (``pip install -e .``): the same helper, and a .pth file putting helper/python on
  sys.path, so edits of the package take effect without reinstalling (the helper is rebuilt only by a
  reinstall). helper/python holds no other module (backend/ and ci/ are no packages: import them and
  you get an empty namespace).
- The sdist (sdist.py), from which the wheel builds again.

Config setting ``helper-build-dir=DIR``: reuse that CMake build directory (see helper_build).
"""

import sys
import sysconfig
import tempfile
from pathlib import Path

from .helper_build import build_helper
from .project import read_project
from .sdist import write_sdist
from .timestamp import archive_epoch
from .wheel import dist_info_files, write_wheel

SOURCE_DIR = Path(__file__).resolve().parents[4]
PACKAGE_ROOT = SOURCE_DIR / "helper" / "python"
PACKAGE = "pycontainer"
_SETTINGS = ("helper-build-dir",)


def _requires(config_settings=None):
    _settings(config_settings)
    return [] if sys.version_info >= (3, 11) else ["tomli>=1.1"]


get_requires_for_build_wheel = get_requires_for_build_editable = get_requires_for_build_sdist = _requires


def _settings(config_settings):
    settings = dict(config_settings or {})
    unknown = sorted(set(settings) - set(_SETTINGS))
    if unknown:
        raise RuntimeError(f"unknown config setting {unknown[0]!r} of pycontainer_backend "
                           f"(it takes {', '.join(_SETTINGS)})")
    return settings


def _tag():
    return "py3-none-" + sysconfig.get_platform().replace("-", "_").replace(".", "_")


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _settings(config_settings)
    project = read_project(SOURCE_DIR)
    for name, data in dist_info_files(project, _tag()):
        path = Path(metadata_directory) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return project.dist_info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def _package_sources():
    """(name in the wheel, path) of the package's modules, sorted."""
    files = [p for p in (PACKAGE_ROOT / PACKAGE).rglob("*.py") if "__pycache__" not in p.parts]
    return sorted((p.relative_to(PACKAGE_ROOT).as_posix(), p) for p in files)


def _build(wheel_directory, config_settings, editable):
    settings = _settings(config_settings)
    project, epoch = read_project(SOURCE_DIR), archive_epoch()
    with tempfile.TemporaryDirectory(prefix="pycontainer-wheel-") as scratch:
        binary = build_helper(SOURCE_DIR, settings.get("helper-build-dir"), scratch)
        if editable:
            sources, extra = [], [(f"__editable__.{project.file_name}.pth", f"{PACKAGE_ROOT}\n".encode())]
        else:
            sources, extra = _package_sources(), []
        return write_wheel(wheel_directory, project, _tag(), epoch, sources, [("pycontainer", binary)], extra)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _build(wheel_directory, config_settings, editable=False)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _build(wheel_directory, config_settings, editable=True)


def build_sdist(sdist_directory, config_settings=None):
    _settings(config_settings)
    return write_sdist(sdist_directory, SOURCE_DIR, read_project(SOURCE_DIR), archive_epoch())
