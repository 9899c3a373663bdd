import sys


def main() -> int:
    print(f"poetry2-greeter says hello (args: {sys.argv[1:]})")
    return 0
