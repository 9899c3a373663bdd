import sys

from ws_core import greeting


def main() -> None:
    print(f"{greeting('workspace')} (args: {sys.argv[1:]})")
