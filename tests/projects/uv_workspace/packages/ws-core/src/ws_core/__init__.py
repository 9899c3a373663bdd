__version__ = "0.1.0"


def greeting(who: str) -> str:
    return f"hello, {who}, from ws-core {__version__}"
