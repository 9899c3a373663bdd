#include "deps/distributions.hpp"

#include "test_support.hpp"

namespace pycontainer::deps {
namespace {

std::vector<std::string> paths_of(const std::vector<SiteFile>& files)
{
  std::vector<std::string> paths;
  for (const auto& file : files) {
    paths.push_back(file.path);
  }
  return paths;
}

class DistributionsTest : public test::TempDirTest {};

TEST_F(DistributionsTest, RecordFilesTopLevelNamesAndScriptsFindTheirDistribution)
{
  write("site/Flask-2.2.2.egg-info/PKG-INFO", "Metadata-Version: 2.1\nName: Flask\nVersion: 2.2.2\n\nbody\n");
  write("site/Flask-2.2.2.egg-info/top_level.txt", "flask\n");
  write("site/Flask-2.2.2.egg-info/entry_points.txt", "[console_scripts]\nflask = flask.cli:main\n");
  write("site/flask/__init__.py", "");
  write("site/flask/__pycache__/__init__.cpython-311.pyc", "x");
  write("site/six-1.16.0.dist-info/METADATA", "Name: six\nVersion: 1.16.0\n");
  write("site/six-1.16.0.dist-info/WHEEL", "Wheel-Version: 1.0\nTag: py2-none-any\nTag: py3-none-any\n");
  write("site/six-1.16.0.dist-info/RECORD", "six.py,sha256=x,10\nsix-1.16.0.dist-info/RECORD,,\n\"../bin/six,tool\",,\n");
  write("site/six.py", "0123456789");
  write("site/stray.py", "");
  write("bin/flask", "#!/x/bin/python3\n");
  write("bin/six,tool", "#!/x/bin/python3\n");
  write("bin/other", "#!/bin/sh\n");
  write("bin/python3", "");
  write("bin/activate", "");

  auto site = scan_site_packages(dir() / "site", dir() / "bin");
  ASSERT_EQ(site.distributions.size(), 2u);
  const auto& flask = site.distributions[0];
  EXPECT_EQ(flask.name, "Flask");
  EXPECT_EQ(flask.key, "flask");
  EXPECT_EQ(flask.version, "2.2.2");
  EXPECT_EQ(paths_of(flask.files), (std::vector<std::string>{"Flask-2.2.2.egg-info/PKG-INFO", "Flask-2.2.2.egg-info/entry_points.txt",
                                                   "Flask-2.2.2.egg-info/top_level.txt", "flask/__init__.py"}));
  EXPECT_EQ(paths_of(flask.scripts), std::vector<std::string>{"flask"});
  const auto& six = site.distributions[1];
  EXPECT_EQ(six.version, "1.16.0");
  EXPECT_EQ(six.wheel_tags, (std::vector<std::string>{"py2-none-any", "py3-none-any"}));
  ASSERT_EQ(six.files.size(), 4u);
  EXPECT_EQ(six.files[3].path, "six.py");
  EXPECT_EQ(six.files[3].status.st_size, 10); // the status taken while scanning, for the layer entries
  EXPECT_NE(six.files[3].status.st_ino, 0u);
  std::uint64_t bytes = 0;
  for (const auto& list : {six.files, six.scripts}) {
    for (const auto& file : list) {
      bytes += static_cast<std::uint64_t>(file.status.st_size);
    }
  }
  EXPECT_EQ(six.bytes, bytes);
  EXPECT_EQ(six.scripts.at(0).status.st_size, 17); // "#!/x/bin/python3\n"
  EXPECT_EQ(paths_of(six.scripts), std::vector<std::string>{"six,tool"});
  EXPECT_EQ(paths_of(site.unowned_files), std::vector<std::string>{"stray.py"});
  EXPECT_EQ(paths_of(site.unowned_scripts), std::vector<std::string>{"other"});
}

TEST_F(DistributionsTest, PipTargetBinDirectoryIsNotSitePackages)
{
  write("target/tool-1.0.dist-info/METADATA", "Name: tool\nVersion: 1.0\n");
  write("target/tool-1.0.dist-info/RECORD", "tool/__init__.py,,\n../../bin/tool,,\n");
  write("target/tool/__init__.py", "");
  write("target/bin/tool", "#!/usr/bin/python3\n");
  auto site = scan_site_packages(dir() / "target", dir() / "target" / "bin");
  ASSERT_EQ(site.distributions.size(), 1u);
  EXPECT_EQ(paths_of(site.distributions[0].scripts), std::vector<std::string>{"tool"});
  EXPECT_TRUE(site.unowned_files.empty());
}

TEST(NormaliseName, FollowsPep503)
{
  EXPECT_EQ(normalise_name("Flask"), "flask");
  EXPECT_EQ(normalise_name("typing_extensions"), "typing-extensions");
  EXPECT_EQ(normalise_name("zope..Interface"), "zope-interface");
}

} // namespace
} // namespace pycontainer::deps
