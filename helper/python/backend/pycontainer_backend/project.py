"""The distribution's core metadata (Metadata-Version 2.1: the wheel's METADATA, the sdist's PKG-INFO) and
entry points, from pyproject.toml's [project]; the version is CMakeLists.txt's ``project(... VERSION x.y.z)``,
the one place it is written (the helper's ``--version`` comes from there too).

Only the [project] keys this repository uses are read; any other is refused rather than left out of the
metadata unnoticed.
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

_KNOWN_KEYS = ("name", "dynamic", "description", "readme", "requires-python", "license", "classifiers",
               "entry-points")
_README_TYPES = {".md": "text/markdown", ".rst": "text/x-rst", ".txt": "text/plain"}
_CMAKE_VERSION = re.compile(r"^\s*project\s*\([^)]*?\bVERSION\s+([0-9]+(?:\.[0-9]+)*)\b", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    metadata: str  # the METADATA / PKG-INFO text
    entry_points: str  # entry_points.txt, "" when there are none

    @property
    def file_name(self):
        """The name as wheel and sdist file names spell it (PEP 427/625: runs of -_. become _, lower case)."""
        return re.sub(r"[-_.]+", "_", self.name).lower()

    @property
    def dist_info(self):
        return f"{self.file_name}-{self.version}.dist-info"


def _load_toml(path):
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # get_requires_for_build_* asked the frontend for tomli
        import tomli as tomllib
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise RuntimeError(f"{path}: {error}") from None


def cmake_version(source_dir):
    """The VERSION of the project() call in SOURCE_DIR/CMakeLists.txt."""
    path = Path(source_dir) / "CMakeLists.txt"
    match = _CMAKE_VERSION.search(path.read_text(encoding="utf-8"))
    if not match:
        raise RuntimeError(f"{path}: no project(... VERSION x.y.z) call, which gives the distribution's version")
    return match.group(1)


def _string(project, key, path):
    value = project.get(key)
    if not isinstance(value, str) or not value or "\n" in value:
        raise RuntimeError(f"{path}: [project].{key} must be a one-line string")
    return value


def _readme(project, path):
    readme = project.get("readme")
    if not isinstance(readme, str):
        raise RuntimeError(f"{path}: [project].readme must be the path of a file (README.md)")
    file = path.parent / readme
    content_type = _README_TYPES.get(file.suffix.lower())
    if content_type is None:
        raise RuntimeError(f"{path}: [project].readme {readme!r}: not .md, .rst or .txt")
    if not file.is_file():
        raise RuntimeError(f"{path}: [project].readme {readme!r}: no such file")
    return content_type, file.read_text(encoding="utf-8")


def _entry_points(project, path):
    groups = project.get("entry-points", {})
    lines = []
    for group, entries in groups.items():
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise RuntimeError(f"{path}: [project.entry-points.{group}] must map names to \"module:object\" strings")
        lines += [f"[{group}]", *(f"{name} = {value}" for name, value in entries.items()), ""]
    return "\n".join(lines)


def read_project(source_dir):
    """The Project of SOURCE_DIR/pyproject.toml, with the version of its CMakeLists.txt."""
    path = Path(source_dir) / "pyproject.toml"
    project = _load_toml(path).get("project")
    if not isinstance(project, dict):
        raise RuntimeError(f"{path}: no [project] table")
    unknown = sorted(set(project) - set(_KNOWN_KEYS))
    if unknown:
        raise RuntimeError(f"{path}: [project].{unknown[0]} is not read by pycontainer_backend (it reads "
                           f"{', '.join(_KNOWN_KEYS)}): add it to helper/python/backend/pycontainer_backend/project.py")
    if project.get("dynamic") != ["version"]:
        raise RuntimeError(f"{path}: [project].dynamic must be [\"version\"]: the version is CMakeLists.txt's "
                           "project(VERSION), with no version in pyproject.toml")
    license_table = project.get("license")
    license_text = license_table.get("text") if isinstance(license_table, dict) else None
    if not isinstance(license_text, str):
        raise RuntimeError(f"{path}: [project].license must be {{ text = \"...\" }}")
    classifiers = project.get("classifiers", [])
    if not isinstance(classifiers, list) or not all(isinstance(c, str) for c in classifiers):
        raise RuntimeError(f"{path}: [project].classifiers must be a list of strings")

    name = _string(project, "name", path)
    version = cmake_version(source_dir)
    content_type, description = _readme(project, path)
    headers = [
        ("Metadata-Version", "2.1"),
        ("Name", name),
        ("Version", version),
        ("Summary", _string(project, "description", path)),
        ("License", license_text),
        ("Requires-Python", _string(project, "requires-python", path)),
        *(("Classifier", c) for c in classifiers),
        ("Description-Content-Type", content_type),
    ]
    metadata = "".join(f"{key}: {value}\n" for key, value in headers) + "\n" + description
    return Project(name, version, metadata, _entry_points(project, path))
