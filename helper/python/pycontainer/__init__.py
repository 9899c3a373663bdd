"""PyContainer for Python users: the compiled ``pycontainer`` helper this wheel installs, and
pycontainer-build's API over it (``pycontainer.config.BuildConfig``, ``pycontainer.builder.ImageBuilder``)."""

from importlib import metadata

from .errors import PyContainerError
from .helper import helper_path, run_helper

try:  # the distribution's version, which is CMakeLists.txt's project(VERSION), as the helper's
    __version__ = metadata.version(__name__)
except metadata.PackageNotFoundError:  # imported from a source tree, not installed
    __version__ = None
__all__ = ["PyContainerError", "helper_path", "run_helper", "__version__"]
