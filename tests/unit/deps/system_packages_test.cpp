#include "deps/system_packages.hpp"

#include <gtest/gtest.h>

namespace pycontainer::deps {
namespace {

TEST(SystemPackages, DpkgStatusListsInstalledPackagesOnly)
{
  auto packages = parse_dpkg_status("Package: libc6\n"
                                    "Status: install ok installed\n"
                                    "Architecture: amd64\n"
                                    "Version: 2.36-9+deb12u4\n"
                                    "Description: GNU C Library\n"
                                    " Contains the standard libraries.\n"
                                    "\n"
                                    "Package: oldtool\n"
                                    "Status: deinstall ok config-files\n"
                                    "Version: 1.0\n"
                                    "\n"
                                    "Package: python3.11\r\n"
                                    "Status: install ok installed\r\n"
                                    "Architecture: amd64\r\n"
                                    "Version: 3.11.2-6\r\n");
  ASSERT_EQ(packages.size(), 2u);
  EXPECT_EQ(packages[0].manager, "deb");
  EXPECT_EQ(packages[0].name, "libc6");
  EXPECT_EQ(packages[0].version, "2.36-9+deb12u4");
  EXPECT_EQ(packages[0].architecture, "amd64");
  EXPECT_EQ(packages[1].name, "python3.11");
  EXPECT_EQ(packages[1].version, "3.11.2-6");
}

TEST(SystemPackages, DistrolessStatusFilesHaveNoStatusLine)
{
  auto packages = parse_dpkg_status("Package: base-files\nVersion: 12.4\nArchitecture: amd64\n");
  ASSERT_EQ(packages.size(), 1u);
  EXPECT_EQ(packages[0].name, "base-files");
}

TEST(SystemPackages, ApkDatabase)
{
  auto packages = parse_apk_installed("C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\n\n"
                                      "C:Q1def=\nP:busybox\nV:1.36.1-r15\nA:x86_64\n");
  ASSERT_EQ(packages.size(), 2u);
  EXPECT_EQ(packages[0].manager, "apk");
  EXPECT_EQ(packages[0].name, "musl");
  EXPECT_EQ(packages[0].version, "1.2.4-r2");
  EXPECT_EQ(packages[0].architecture, "x86_64");
  EXPECT_EQ(packages[1].name, "busybox");
}

TEST(SystemPackages, DistroFromOsRelease)
{
  EXPECT_EQ(distro_of_os_release("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
                                 "VERSION_ID=\"12\"\nID=debian\n"),
            "debian-12");
  EXPECT_EQ(distro_of_os_release("ID=alpine\nVERSION_ID=3.19.1\n"), "alpine-3.19.1");
  EXPECT_EQ(distro_of_os_release("ID=debian\nVERSION_CODENAME=trixie\n"), "debian");
  EXPECT_EQ(distro_of_os_release("NAME=nothing\n"), "");
}

} // namespace
} // namespace pycontainer::deps
