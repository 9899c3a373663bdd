"""A pure-Python package of the tests' wheel index; its console script is `greet`."""
from color_kit import paint


def greeting(name):
    return paint(f"hello, {name}")
