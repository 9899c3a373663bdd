"""The one exception type of the Python API."""


class PyContainerError(RuntimeError):
    """The helper failed (``message`` is its error line, ``exit_code`` its status: 2 bad input, 1 other
    failures), or a setting cannot be honoured (exit_code 2, nothing run)."""

    def __init__(self, message, exit_code=2, command=None):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.command = command
