import sys


def main() -> int:
    print(f"acme-greet says hello (args: {sys.argv[1:]})")
    return 0
