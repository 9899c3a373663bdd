import sys


def main() -> None:
    print(f"uv-greeter says hello (args: {sys.argv[1:]})")
