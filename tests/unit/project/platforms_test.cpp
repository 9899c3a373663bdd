#include "project/plan.hpp"

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

class PlatformsPlanTest : public test::TempDirTest {};

TEST_F(PlatformsPlanTest, APlanKeepsTheListAndBuildsTheFirstUntilTheBuilderChooses)
{
  BuildRequest request;
  request.context = dir();
  request.collect_files = false;
  request.detect_entrypoint = false;
  request.command_line.base_image = "scratch";
  request.command_line.tag = "demo:1";
  request.command_line.platform = "linux/arm64,linux/amd64";
  auto plan = plan_build(request);
  EXPECT_EQ(plan.platform.str(), "linux/arm64");
  ASSERT_EQ(plan.platforms.size(), 2u);
  EXPECT_FALSE(plan.all_platforms);
  EXPECT_NE(format_plan(plan).find("Platform:    linux/arm64, linux/amd64 (an image index)"), std::string::npos)
    << format_plan(plan);
}

} // namespace
} // namespace pycontainer::project
