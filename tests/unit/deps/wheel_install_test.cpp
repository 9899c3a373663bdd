#include "deps/wheel_install.hpp"

#include "test_support.hpp"
#include "wheel_zip.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"
#include "util/string.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <map>
#include <memory>

namespace pycontainer::deps {
namespace {

namespace fs = std::filesystem;
using test::Members;
using test::record_hash;
using test::write_zip;
using test::ZipMember;

Members demo_members()
{
  return {
    {"demo/__init__.py", {""}},
    {"demo/cli.py", {"def main():\n    return 0\n"}},
    {"demo/_speed.so", {"\x7f" "ELF fake", 0755}},
    {"demo-1.0.data/scripts/demo-tool", {"#!python\nprint('tool')\n", 0644}},
    {"demo-1.0.data/scripts/keep.sh", {"#!/bin/sh\necho kept\n"}},
    {"demo-1.0.data/platlib/demo_plat.py", {"PLAT = 1\n"}},
    {"demo-1.0.data/headers/demo.h", {"int demo;\n"}},
    {"demo-1.0.data/data/share/demo/readme.txt", {"data\n"}},
    {"demo-1.0.dist-info/METADATA", {"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"}},
    {"demo-1.0.dist-info/WHEEL", {"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n"}},
    {"demo-1.0.dist-info/entry_points.txt",
     {"[console_scripts]\ndemo = demo.cli:main\ndemo-sub = demo.cli:App.run [extra]\n\n[gui_scripts]\ndemo-gui = "
      "demo.cli:main\n\n[other.group]\nignored = demo.cli:main\n"}},
  };
}

const WheelInstallTarget k_target{"", "3.11", "/usr/local/bin/python3.11"};

class WheelInstallTest : public test::TempDirTest {
protected:
  WheelInstallTarget target(const std::string& name = "venv") const
  {
    WheelInstallTarget result = k_target;
    result.prefix = dir() / name;
    return result;
  }

  // Every file under `root`, relative, with its content and mode.
  static std::map<std::string, std::pair<std::string, mode_t>> tree(const fs::path& root)
  {
    std::map<std::string, std::pair<std::string, mode_t>> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) {
        struct ::stat status {};
        ::stat(entry.path().c_str(), &status);
        files[fs::relative(entry.path(), root).string()] = {util::read_file(entry.path()), status.st_mode & 07777};
      }
    }
    return files;
  }

  // The message of the UsageError installing `members` raises ("" when none).
  std::string refusal(const Members& members, bool record = true)
  {
    auto wheel = dir() / "demo-1.0-py3-none-any.whl";
    write_zip(wheel, members, record);
    try {
      install_wheel(wheel, target("refused"));
    } catch (const UsageError& error) {
      EXPECT_FALSE(fs::exists(dir() / "refused" / "lib")) << "nothing is installed from a refused wheel";
      EXPECT_EQ(tree(dir() / "refused").size(), 0U) << "the staging directory is removed";
      return error.message();
    }
    return "";
  }
};

TEST_F(WheelInstallTest, InstallsEverySchemeWhereAVenvHasIt)
{
  auto wheel = dir() / "demo-1.0-cp311-cp311-linux_x86_64.whl";
  write_zip(wheel, demo_members());
  auto installed = install_wheel(wheel, target());

  EXPECT_EQ(installed.name, "demo");
  EXPECT_EQ(installed.version, "1.0");
  EXPECT_EQ(installed.metadata_directory, "demo-1.0.dist-info");
  const std::string site = "lib/python3.11/site-packages/";
  std::vector<std::string> expected{
    "bin/demo",
    "bin/demo-gui",
    "bin/demo-sub",
    "bin/demo-tool",
    "bin/keep.sh",
    "include/site/python3.11/demo/demo.h",
    site + "demo-1.0.dist-info/INSTALLER",
    site + "demo-1.0.dist-info/METADATA",
    site + "demo-1.0.dist-info/RECORD",
    site + "demo-1.0.dist-info/WHEEL",
    site + "demo-1.0.dist-info/entry_points.txt",
    site + "demo/__init__.py",
    site + "demo/_speed.so",
    site + "demo/cli.py",
    site + "demo_plat.py",
    "share/demo/readme.txt",
  };
  EXPECT_EQ(installed.files, expected);
  auto files = tree(dir() / "venv");
  std::vector<std::string> on_disk;
  for (const auto& [path, file] : files) {
    on_disk.push_back(path);
  }
  EXPECT_EQ(on_disk, expected) << "exactly the listed files, no staging left";

  EXPECT_EQ(files["bin/demo-tool"].first, "#!/usr/local/bin/python3.11\nprint('tool')\n");
  EXPECT_EQ(files["bin/demo-tool"].second, 0755U);
  EXPECT_EQ(files["bin/keep.sh"].first, "#!/bin/sh\necho kept\n") << "only #!python is rewritten";
  EXPECT_EQ(files[site + "demo/_speed.so"].second, 0755U);
  EXPECT_EQ(files[site + "demo/cli.py"].second, 0644U);
  EXPECT_EQ(files[site + "demo-1.0.dist-info/INSTALLER"].first, "pycontainer\n");
  EXPECT_EQ(files["bin/demo"].first, "#!/usr/local/bin/python3.11\n"
                                     "# -*- coding: utf-8 -*-\n"
                                     "import re\n"
                                     "import sys\n"
                                     "from demo.cli import main\n"
                                     "if __name__ == '__main__':\n"
                                     "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
                                     "    sys.exit(main())\n");
  EXPECT_EQ(files["bin/demo"].second, 0755U);
  EXPECT_NE(files["bin/demo-sub"].first.find("from demo.cli import App\n"), std::string::npos);
  EXPECT_NE(files["bin/demo-sub"].first.find("    sys.exit(App.run())\n"), std::string::npos);
  EXPECT_EQ(files.count("bin/ignored"), 0U);
}

TEST_F(WheelInstallTest, RecordListsEveryInstalledFileWithItsHashAndSize)
{
  auto wheel = dir() / "demo-1.0-cp311-cp311-linux_x86_64.whl";
  write_zip(wheel, demo_members());
  install_wheel(wheel, target());
  auto files = tree(dir() / "venv");
  const std::string site = "lib/python3.11/site-packages/";
  std::string expected;
  for (const auto& [path, file] : files) {
    if (path == site + "demo-1.0.dist-info/RECORD") {
      continue;
    }
    std::string listed = path.starts_with(site) ? path.substr(site.size()) : "../../../" + path;
    expected += listed + "," + record_hash(file.first) + "," + std::to_string(file.first.size()) + "\n";
  }
  expected += "demo-1.0.dist-info/RECORD,,\n";
  std::string record = files[site + "demo-1.0.dist-info/RECORD"].first;
  EXPECT_EQ(record, expected);
  // The empty __init__.py, hashed as pip does (urlsafe base64, no padding).
  EXPECT_NE(record.find("demo/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n"), std::string::npos);
  EXPECT_NE(record.find("../../../bin/demo-tool,"), std::string::npos);
}

TEST_F(WheelInstallTest, TheSameWheelGivesTheSameBytes)
{
  auto wheel = dir() / "demo-1.0-cp311-cp311-linux_x86_64.whl";
  write_zip(wheel, demo_members());
  install_wheel(wheel, target("a"));
  install_wheel(wheel, target("b"));
  EXPECT_EQ(tree(dir() / "a"), tree(dir() / "b"));
}

TEST_F(WheelInstallTest, RefusesAPathEscapingTheTarget)
{
  auto members = demo_members();
  members["../evil.py"] = {"x\n"};
  EXPECT_NE(refusal(members).find("member '../evil.py': a '..' component escapes the target"), std::string::npos);
  members.erase("../evil.py");
  members["demo-1.0.data/data/../../../../etc/passwd"] = {"x\n"};
  EXPECT_NE(refusal(members).find("escapes the target"), std::string::npos);
  members.erase("demo-1.0.data/data/../../../../etc/passwd");
  members["/etc/passwd"] = {"x\n"};
  auto message = refusal(members);
  EXPECT_NE(message.find("escapes the target"), std::string::npos) << message;
}

TEST_F(WheelInstallTest, RefusesAHashMismatch)
{
  auto wheel_members = demo_members();
  std::string record;
  for (const auto& [name, member] : wheel_members) {
    record += name + "," + record_hash(name == "demo/cli.py" ? "altered" : member.content) + ",\n";
  }
  wheel_members["demo-1.0.dist-info/RECORD"] = {record};
  auto message = refusal(wheel_members, false);
  EXPECT_NE(message.find("wheel '" + (dir() / "demo-1.0-py3-none-any.whl").string() + "': member 'demo/cli.py': sha256 "),
            std::string::npos)
    << message;
  EXPECT_NE(message.find("differs from"), std::string::npos) << message;
}

TEST_F(WheelInstallTest, RefusesAMemberMissingFromRecord)
{
  auto wheel_members = demo_members();
  wheel_members["demo-1.0.dist-info/RECORD"] = {"demo/__init__.py," + record_hash("") + ",0\n"};
  auto message = refusal(wheel_members, false);
  EXPECT_NE(message.find("is not listed in demo-1.0.dist-info/RECORD"), std::string::npos) << message;
}

TEST_F(WheelInstallTest, RefusesANewerWheelVersion)
{
  auto members = demo_members();
  members["demo-1.0.dist-info/WHEEL"] = {"Wheel-Version: 2.0\nRoot-Is-Purelib: true\n"};
  auto message = refusal(members);
  EXPECT_NE(message.find("member 'demo-1.0.dist-info/WHEEL': Wheel-Version 2.0 is a newer wheel format"),
            std::string::npos)
    << message;
}

TEST_F(WheelInstallTest, RefusesAWheelWithoutDistInfo)
{
  auto message = refusal({{"demo/__init__.py", {""}}}, false);
  EXPECT_NE(message.find("has no <name>-<version>.dist-info directory"), std::string::npos) << message;
}

} // namespace
} // namespace pycontainer::deps
