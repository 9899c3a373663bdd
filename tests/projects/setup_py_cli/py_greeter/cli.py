import sys


def run():
    print("py-greeter says hello")
    return 3 if "--fail" in sys.argv else 0
