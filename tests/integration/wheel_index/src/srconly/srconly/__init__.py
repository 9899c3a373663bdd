"""A package published as an sdist only."""


def hello(name):
    return f"[srconly, {name}]"
