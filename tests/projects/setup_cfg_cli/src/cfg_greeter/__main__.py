from cfg_greeter import __version__


def main():
    print(f"cfg-greeter {__version__} says hello")


if __name__ == "__main__":
    main()
