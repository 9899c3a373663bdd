#include "python/ini_file.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::python {
namespace {

std::string error_for(std::string_view content)
{
  try {
    IniFile::parse(content, "setup.cfg");
  } catch (const UsageError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected UsageError for:\n" << content;
  return "";
}

TEST(IniFileTest, ValuesContinuationsAndComments)
{
  auto ini = IniFile::parse("; top comment\r\n[metadata]\r\nName = Hello\nurl: https://example.com/a=b # kept\n"
                            "\n[options]\ninstall_requires =\n  click>=8\n\n  # inside\n  rich\nzip_safe = False\n",
                            "setup.cfg");
  ASSERT_NE(ini.get("metadata", "Name"), nullptr);
  EXPECT_EQ(ini.get("metadata", "Name")->text, "Hello");
  EXPECT_EQ(ini.get("metadata", "Name")->line, 3);
  EXPECT_EQ(ini.get("metadata", "name"), nullptr); // keys keep their case, as setuptools reads them
  EXPECT_EQ(ini.get("metadata", "url")->text, "https://example.com/a=b # kept");
  EXPECT_EQ(ini.get("options", "install_requires")->text, "click>=8\nrich");
  EXPECT_EQ(ini.get("options", "zip_safe")->text, "False");
  EXPECT_EQ(ini.get("absent", "x"), nullptr);
}

TEST(IniFileTest, StrictAsSetuptools)
{
  EXPECT_EQ(error_for("name = x\n"), "setup.cfg:1: 'name = x' comes before the first [section]; put it below one "
                                     "(e.g. [metadata])");
  EXPECT_EQ(error_for("[metadata]\nname\n"), "setup.cfg:2: 'name' is not `key = value`, an indented continuation of "
                                             "a value, a comment or a [section]");
  EXPECT_EQ(error_for("[metadata]\n= x\n"), "setup.cfg:2: '= x' is not `key = value`, an indented continuation of "
                                            "a value, a comment or a [section]");
  EXPECT_EQ(error_for("[metadata\n"), "setup.cfg:1: '[metadata' is not a section header; write it as [name]");
  EXPECT_EQ(error_for("[a]\n[b]\n[a]\n"), "setup.cfg:3: section [a] appears twice; merge the two");
  EXPECT_EQ(error_for("[a]\nx = 1\nx = 2\n"), "setup.cfg:3: key 'x' appears twice in its section; keep one");
}

} // namespace
} // namespace pycontainer::python
