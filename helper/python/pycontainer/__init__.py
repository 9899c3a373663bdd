"""PyContainer for Python users: the compiled ``pycontainer`` helper this wheel installs, and
pycontainer-build's API over it (``pycontainer.config.BuildConfig``, ``pycontainer.builder.ImageBuilder``)."""

from .errors import PyContainerError
from .helper import helper_path, run_helper

__version__ = "0.1.0"
__all__ = ["PyContainerError", "helper_path", "run_helper", "__version__"]
