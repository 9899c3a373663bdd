from hatch_greeter.__about__ import __version__


def hatch_greeter():
    print(f"hatch-greeter {__version__} says hello")
