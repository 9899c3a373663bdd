#include "project/plan.hpp"
#include "project/platform_plan.hpp"

#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::project {
namespace {

std::string refusal(const std::string& text)
{
  try {
    parse_platforms(text);
  } catch (const UsageError& error) {
    return error.message();
  }
  return "accepted";
}

TEST(ParsePlatforms, OneOrSeveralSeparatedByCommasInTheirOrder)
{
  auto one = parse_platforms("linux/amd64");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].str(), "linux/amd64");
  auto two = parse_platforms("linux/arm64/v8, linux/x86_64");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].str(), "linux/arm64");
  EXPECT_EQ(two[1].str(), "linux/amd64");
}

TEST(ParsePlatforms, AllAloneIsEveryPlatformOfTheBase)
{
  EXPECT_TRUE(parse_platforms("all").empty());
  EXPECT_NE(refusal("all,linux/amd64").find("\"all\" (every platform of the base) goes alone"), std::string::npos);
}

TEST(ParsePlatforms, RefusesEmptyRepeatedAndUnknownPlatforms)
{
  EXPECT_NE(refusal("linux/amd64,").find("has an empty platform"), std::string::npos);
  EXPECT_NE(refusal("linux/arm64,linux/aarch64").find("names platform linux/arm64 twice"), std::string::npos);
  EXPECT_NE(refusal("linux/amd64,plan9").find("plan9"), std::string::npos);
}

class PlatformsPlanTest : public test::TempDirTest {
protected:
  // A request on scratch, without the context's files, for `platforms`.
  BuildRequest request_for(const std::string& platforms) const
  {
    BuildRequest request;
    request.context = dir();
    request.collect_files = false;
    request.detect_entrypoint = false;
    request.command_line.base_image = "scratch";
    request.command_line.tag = "demo:1";
    request.command_line.platform = platforms;
    return request;
  }
};

TEST_F(PlatformsPlanTest, APlanKeepsTheListAndBuildsTheFirstUntilTheBuilderChooses)
{
  auto request = request_for("linux/arm64,linux/amd64");
  auto plan = plan_build(request);
  EXPECT_EQ(plan.platform.str(), "linux/arm64");
  ASSERT_EQ(plan.platforms.size(), 2u);
  EXPECT_FALSE(plan.all_platforms);
  EXPECT_NE(format_plan(plan).find("Platform:    linux/arm64, linux/amd64 (an image index)"), std::string::npos)
    << format_plan(plan);
}

TEST_F(PlatformsPlanTest, AFilesGroupForOnePlatformIsInItsPlanOnly)
{
  write("arm.so", "arm");
  write("amd.so", "amd");
  write("both.txt", "both");
  auto request = request_for("linux/amd64,linux/arm64");
  request.file_groups = {{"files-0", {dir() / "arm.so"}, "/opt/native", false, oci::Platform::parse("linux/arm64")},
                         {"files-1", {dir() / "amd.so"}, "/opt/native", false, oci::Platform::parse("linux/amd64")},
                         {"files-2", {dir() / "both.txt"}, "/opt/data", false, std::nullopt}};
  auto plan = plan_build(request);
  check_layer_platforms(plan, plan.platforms);
  auto names = [](const BuildPlan& platform_plan) {
    std::string text;
    for (const auto& layer : platform_plan.layers) {
      text += layer.name + " ";
    }
    return text;
  };
  // The base index's arm64 is linux/arm64/v8: the same platform.
  auto arm64 = plan_for_platform(plan, oci::Platform{"linux", "arm64", "v8"});
  EXPECT_EQ(names(arm64), "files-0 files-2 ");
  EXPECT_EQ(arm64.platforms.size(), 1u);
  EXPECT_EQ(arm64.platform.str(), "linux/arm64/v8");
  EXPECT_NE(format_plan(arm64).find("files-0: 1 file, 3 B (linux/arm64 only)"), std::string::npos) << format_plan(arm64);
  EXPECT_EQ(names(plan_for_platform(plan, oci::Platform::parse("linux/amd64"))), "files-1 files-2 ");

  try {
    check_layer_platforms(plan, {oci::Platform::parse("linux/amd64")});
    ADD_FAILURE() << "a group for linux/arm64 in a build of linux/amd64";
  } catch (const UsageError& error) {
    EXPECT_EQ(error.message(), "layer \"files-0\" is for platform linux/arm64, which this build does not make (it makes "
                               "linux/amd64): give its files one of those platforms, or build linux/arm64 too");
  }
}

} // namespace
} // namespace pycontainer::project
