import sys

from pdm_greeter import __version__


def main() -> None:
    print(f"pdm-greeter {__version__} says hello (args: {sys.argv[1:]})")
