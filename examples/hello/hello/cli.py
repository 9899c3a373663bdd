import platform
import sys


def greeting() -> str:
    return f"Hello from PyContainer! (Python {platform.python_version()} on {platform.system()})"


def main() -> int:
    print(greeting())
    sys.stdout.flush()
    return 0
