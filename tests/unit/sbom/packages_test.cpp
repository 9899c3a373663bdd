#include "sbom/packages.hpp"

#include <gtest/gtest.h>

namespace pycontainer::sbom {
namespace {

TEST(SystemPackages, SortedWithoutDuplicatesAndWithTheirDistribution)
{
  auto packages = system_packages({{"deb", "zlib1g", "1.2.13", "amd64"}, {"deb", "libc6", "2.36-9", "amd64"},
                                   {"deb", "libc6", "2.36-9", "amd64"}},
                                  "debian-12");
  ASSERT_EQ(packages.size(), 2u);
  EXPECT_EQ(packages[0].name, "libc6");
  EXPECT_EQ(packages[0].purl_type, "deb");
  EXPECT_EQ(packages[0].distro, "debian-12");
  EXPECT_EQ(packages[0].architecture, "amd64");
  EXPECT_TRUE(packages[0].license.empty());
  EXPECT_TRUE(packages[0].from_base());
  EXPECT_EQ(packages[1].name, "zlib1g");
}

TEST(LockedFiles, TheFileInstalledFromGivesItsHashAndUrlByNormalisedName)
{
  std::vector<Package> packages{{"Color_Kit", "1.2.0", ""}, {"fastsum", "0.3.0", ""}, {"srconly", "0.1.0", ""},
                                {"pip-only", "1.0", ""}};
  deps::ChosenPackage color_kit;
  color_kit.name = "color-kit";
  color_kit.version = "1.2.0";
  color_kit.installed_from = deps::LockedFile{"color_kit-1.2.0-py3-none-any.whl", "https://files.example/color_kit.whl", "",
                                              {"md5:00", "sha256:" + std::string(64, 'c')}, std::nullopt};
  deps::ChosenPackage srconly; // its wheel built from the sdist: the sdist's
  srconly.name = "srconly";
  srconly.version = "0.1.0";
  srconly.installed_from = deps::LockedFile{"srconly-0.1.0.tar.gz", "https://files.example/srconly-0.1.0.tar.gz", "",
                                            {"sha256:" + std::string(64, 'd')}, std::nullopt};
  deps::ChosenPackage fastsum; // not installed (a dry run): nothing known
  fastsum.name = "fastsum";
  fastsum.version = "0.3.0";
  fastsum.hashes = {"sha256:" + std::string(64, '1'), "sha256:" + std::string(64, '2')};
  add_locked_files(packages, {color_kit, fastsum, srconly});
  EXPECT_EQ(packages[0].sha256, std::string(64, 'c'));
  EXPECT_EQ(packages[0].download_url, "https://files.example/color_kit.whl");
  EXPECT_TRUE(packages[1].sha256.empty());
  EXPECT_TRUE(packages[1].download_url.empty());
  EXPECT_EQ(packages[2].sha256, std::string(64, 'd'));
  EXPECT_EQ(packages[2].download_url, "https://files.example/srconly-0.1.0.tar.gz");
  EXPECT_TRUE(packages[3].sha256.empty());
}

TEST(DeclaredLicense, AnExpressionIsTakenAsItIs)
{
  EXPECT_EQ(declared_license("Metadata-Version: 2.4\nName: x\nLicense-Expression: MIT OR Apache-2.0\nLicense: MIT\n"),
            "MIT OR Apache-2.0");
}

TEST(DeclaredLicense, ALicenseFieldCountsOnlyWhenItIsAnSpdxIdentifier)
{
  EXPECT_EQ(declared_license("Name: x\nLicense: BSD-3-Clause\n"), "BSD-3-Clause");
  EXPECT_EQ(declared_license("Name: x\nLicense: BSD\n"), "");
  EXPECT_EQ(declared_license("Name: x\nLicense: Copyright (c) 2010 Someone\n        All rights reserved.\n"), "");
}

TEST(DeclaredLicense, OneLicenseClassifierNamesTheLicense)
{
  EXPECT_EQ(declared_license("Name: x\nLicense: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n"), "MIT");
  EXPECT_EQ(declared_license("Name: x\nClassifier: License :: OSI Approved :: BSD License\n"), "");
  EXPECT_EQ(declared_license("Name: x\nClassifier: License :: OSI Approved :: MIT License\n"
                             "Classifier: License :: OSI Approved :: ISC License (ISCL)\n"),
            "");
}

TEST(DeclaredLicense, TheBodyIsNotRead)
{
  EXPECT_EQ(declared_license("Name: x\n\nLicense: MIT\n"), "");
}

} // namespace
} // namespace pycontainer::sbom
