from setuptools import setup

setup(name="srconly", version="0.1.0", packages=["srconly"])
