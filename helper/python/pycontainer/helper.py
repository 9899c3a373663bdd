"""Finds and runs the compiled helper installed with this package."""

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from .errors import PyContainerError


def helper_path():
    """The helper binary: $PYCONTAINER_HELPER, else the one this distribution installed (its wheel's
    script), else ``pycontainer`` on PATH."""
    override = os.environ.get("PYCONTAINER_HELPER")
    if override:
        return override
    try:
        for file in metadata.distribution("pycontainer").files or []:
            if file.name == "pycontainer" and file.parent.name in ("bin", "scripts", "Scripts"):
                located = Path(file.locate()).resolve()
                if located.is_file():
                    return str(located)
    except metadata.PackageNotFoundError:
        pass
    found = shutil.which("pycontainer")
    if found:
        return found
    raise PyContainerError("the pycontainer helper is not installed: pip install the pycontainer wheel, "
                           "or set PYCONTAINER_HELPER to the binary", exit_code=1)


def _error_line(stderr):
    """The helper's `pycontainer: error: ...` line, else its last line of stderr."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    return lines[-1] if lines else "no message"


def run_helper(args, stdin=None, verbose=False):
    """Runs ``pycontainer ARGS``; returns its stdout. Its stderr (progress) goes to ours when verbose.
    A failure raises PyContainerError with the helper's message and exit status."""
    command = [helper_path(), *args]
    completed = subprocess.run(command, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if verbose:
        sys.stderr.write(completed.stderr)
    if completed.returncode != 0:
        raise PyContainerError(_error_line(completed.stderr), completed.returncode, command)
    return completed.stdout
