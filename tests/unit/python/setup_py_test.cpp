#include "python/setup_py.hpp"

#include <gtest/gtest.h>

namespace pycontainer::python {
namespace {

using Strings = std::vector<std::string>;

TEST(SetupPyTest, LiteralsOfTheSetupCall)
{
  auto literals = read_setup_py(R"(import setuptools
# setup(name="commented-out")
NAME = "not-this"

def helper(name="nor-this"):
    pass

setuptools.setup(
    name='tool' "-name",
    version="1.0",
    description="version='9'",
    install_requires=["x==1", dict(name="inner")],
    entry_points=dict(console_scripts=["tool = tool.cli:main", 'tool2=tool.cli:other']),
)
)");
  EXPECT_EQ(literals.name, "tool-name");
  EXPECT_EQ(literals.version, "1.0");
  EXPECT_EQ(literals.console_scripts, (Strings{"tool = tool.cli:main", "tool2=tool.cli:other"}));
}

TEST(SetupPyTest, EntryPointsDictFormsAndOneString)
{
  auto literals = read_setup_py("setup(entry_points={'gui_scripts': ['g = g:main'], "
                                "'console_scripts': 'c = c.main:run'})");
  EXPECT_EQ(literals.console_scripts, (Strings{"c = c.main:run"}));
  literals = read_setup_py("setup(entry_points={\"console_scripts\": (\"a = a:main\",\n \"b = b:main\",)})");
  EXPECT_EQ(literals.console_scripts, (Strings{"a = a:main", "b = b:main"}));
}

TEST(SetupPyTest, WhatIsNotALiteralGivesNothing)
{
  auto literals = read_setup_py("from setuptools import setup\nfrom pkg import __version__\n"
                                "setup(name=NAME, version=__version__, entry_points=ENTRY_POINTS)\n");
  EXPECT_FALSE(literals.name.has_value());
  EXPECT_FALSE(literals.version.has_value());
  EXPECT_TRUE(literals.console_scripts.empty());

  literals = read_setup_py("setup(name=f\"x{y}\", version='1.' + minor)\n");
  EXPECT_FALSE(literals.name.has_value());
  EXPECT_FALSE(literals.version.has_value());

  literals = read_setup_py("import os\nos.setup(name='other')\n");
  EXPECT_FALSE(literals.name.has_value());
}

TEST(SetupPyTest, EscapesAndTripleQuotes)
{
  auto literals = read_setup_py("setup(name='it\\'s', version=\"\"\"2\"\"\", description=r'\\d')\n");
  EXPECT_EQ(literals.name, "it's");
  EXPECT_EQ(literals.version, "2");
}

} // namespace
} // namespace pycontainer::python
