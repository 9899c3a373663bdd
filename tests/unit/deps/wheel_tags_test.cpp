#include "deps/wheel_tags.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pycontainer::deps {
namespace {

WheelTarget target(int minor, const char* machine, Libc libc, std::pair<int, int> version)
{
  WheelTarget target;
  target.python_minor = minor;
  target.machine = machine;
  target.libc = libc;
  target.libc_version = version;
  return target;
}

std::optional<std::size_t> rank(const char* file, const WheelTarget& target)
{
  auto wheel = parse_wheel_name(file);
  EXPECT_TRUE(wheel) << file;
  return wheel ? wheel_rank(*wheel, supported_tags(target)) : std::nullopt;
}

TEST(WheelName, ReadsPartsAndExpandsCompressedTagSets)
{
  auto wheel = parse_wheel_name("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
  ASSERT_TRUE(wheel);
  EXPECT_EQ(wheel->distribution, "numpy");
  EXPECT_EQ(wheel->version, "1.26.4");
  EXPECT_EQ(wheel->build, "");
  ASSERT_EQ(wheel->tags.size(), 2u);
  EXPECT_EQ(wheel->tags[1].str(), "cp311-cp311-manylinux2014_x86_64");

  auto pure = parse_wheel_name("six-1.16.0-1build-py2.py3-none-any.whl");
  ASSERT_TRUE(pure);
  EXPECT_EQ(pure->build, "1build");
  EXPECT_EQ(pure->tags, (std::vector<WheelTag>{{"py2", "none", "any"}, {"py3", "none", "any"}}));
}

TEST(WheelName, RefusesWhatIsNoWheelName)
{
  for (const char* name : {"six-1.16.0.tar.gz", "six-py3-none-any.whl", "six-1.0-x-py3-none-any.whl",
                           "a-b-c-d-e-f-g.whl", "six-1.0--none-any.whl", "six-1.0-py3..py2-none-any.whl"}) {
    EXPECT_FALSE(parse_wheel_name(name)) << name;
  }
}

TEST(WheelTags, ManylinuxUpToTheBasesGlibcWithLegacyAliases)
{
  auto tags = platform_tags(target(11, "x86_64", Libc::glibc, {2, 36}));
  EXPECT_EQ(tags.front(), "manylinux_2_36_x86_64");
  EXPECT_EQ(tags.back(), "linux_x86_64");
  auto position = [&](const char* tag) { return std::find(tags.begin(), tags.end(), tag) - tags.begin(); };
  EXPECT_EQ(position("manylinux2014_x86_64"), position("manylinux_2_17_x86_64") + 1);
  EXPECT_EQ(position("manylinux2010_x86_64"), position("manylinux_2_12_x86_64") + 1);
  EXPECT_EQ(position("manylinux1_x86_64"), position("manylinux_2_5_x86_64") + 1);
  EXPECT_EQ(std::count(tags.begin(), tags.end(), "manylinux_2_37_x86_64"), 0);

  auto arm = platform_tags(target(11, "aarch64", Libc::glibc, {2, 31}));
  EXPECT_EQ(arm.front(), "manylinux_2_31_aarch64");
  EXPECT_EQ(arm[arm.size() - 3], "manylinux_2_17_aarch64"); // no older manylinux on aarch64
  EXPECT_EQ(arm[arm.size() - 2], "manylinux2014_aarch64");
  EXPECT_EQ(std::count(arm.begin(), arm.end(), "manylinux2010_aarch64"), 0);
}

TEST(WheelTags, MusllinuxForMusl)
{
  auto tags = platform_tags(target(12, "x86_64", Libc::musl, {1, 2}));
  EXPECT_EQ(tags, (std::vector<std::string>{"musllinux_1_2_x86_64", "musllinux_1_1_x86_64", "musllinux_1_0_x86_64",
                                            "linux_x86_64"}));
  EXPECT_FALSE(rank("numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.whl", target(12, "x86_64", Libc::musl, {1, 2})));
  EXPECT_TRUE(rank("numpy-1.26.4-cp312-cp312-musllinux_1_1_x86_64.whl", target(12, "x86_64", Libc::musl, {1, 2})));
}

TEST(WheelTags, UnknownLibcVersionTakesTheNewest)
{
  WheelTarget unknown;
  unknown.machine = "x86_64";
  EXPECT_EQ(platform_tags(unknown).front(), "manylinux_2_39_x86_64");
  EXPECT_NE(unknown.describe().find("version not known"), std::string::npos);
  EXPECT_EQ(target(11, "x86_64", Libc::glibc, {2, 36}).describe(), "CPython 3.11, x86_64, glibc 2.36");
}

TEST(WheelTags, WheelMachines)
{
  EXPECT_EQ(wheel_machine(oci::Platform::parse("linux/amd64")), "x86_64");
  EXPECT_EQ(wheel_machine(oci::Platform::parse("linux/arm64")), "aarch64");
  EXPECT_EQ(wheel_machine(oci::Platform::parse("linux/arm/v7")), "armv7l");
  EXPECT_EQ(wheel_machine(oci::Platform::parse("linux/mips64le")), "");
}

TEST(WheelTags, RanksMostSpecificFirst)
{
  auto debian = target(11, "x86_64", Libc::glibc, {2, 36});
  std::vector<const char*> best_first{
    "m-1-cp311-cp311-manylinux_2_28_x86_64.whl",
    "m-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "m-1-cp311-cp311-linux_x86_64.whl",
    "m-1-cp311-abi3-manylinux_2_17_x86_64.whl",
    "m-1-cp37-abi3-manylinux_2_17_x86_64.whl",
    "m-1-py3-none-manylinux1_x86_64.whl",
    "m-1-cp311-none-any.whl",
    "m-1-py311-none-any.whl",
    "m-1-py3-none-any.whl",
    "m-1-py2.py3-none-any.whl",
    "m-1-py30-none-any.whl",
  };
  for (std::size_t i = 0; i + 1 < best_first.size(); ++i) {
    auto better = rank(best_first[i], debian);
    auto worse = rank(best_first[i + 1], debian);
    ASSERT_TRUE(better && worse) << best_first[i] << " / " << best_first[i + 1];
    EXPECT_LE(*better, *worse) << best_first[i] << " before " << best_first[i + 1];
  }
}

TEST(WheelTags, RefusesOtherPythonsPlatformsAndNewerGlibc)
{
  auto debian = target(11, "x86_64", Libc::glibc, {2, 36});
  for (const char* file : {"m-1-cp312-cp312-manylinux_2_17_x86_64.whl", "m-1-cp311-cp311-manylinux_2_17_aarch64.whl",
                           "m-1-cp311-cp311-manylinux_2_38_x86_64.whl", "m-1-cp311-cp311-win_amd64.whl",
                           "m-1-cp311-cp311-macosx_11_0_arm64.whl", "m-1-pp39-pypy39_pp73-manylinux2014_x86_64.whl",
                           "m-1-cp312-abi3-manylinux_2_17_x86_64.whl", "m-1-py2-none-any.whl",
                           "m-1-cp311-cp311-musllinux_1_1_x86_64.whl"}) {
    EXPECT_FALSE(rank(file, debian)) << file;
  }
}

} // namespace
} // namespace pycontainer::deps
