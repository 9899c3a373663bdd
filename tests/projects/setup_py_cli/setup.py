#!/usr/bin/env python
import os

from setuptools import find_packages, setup

here = os.path.abspath(os.path.dirname(__file__))
with open(os.path.join(here, "README.md")) as readme:
    long_description = readme.read()

setup(
    name="py-greeter",
    version="1.4.2",
    description="A setup.py-only command-line tool",
    long_description=long_description,
    packages=find_packages(exclude=["tests", "tests.*"]),
    python_requires=">=3.6",
    entry_points={
        "console_scripts": [
            "py-greeter=py_greeter.cli:run",
        ],
    },
)
