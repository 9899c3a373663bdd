#include "oci/platform.hpp"

#include "util/error.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::oci {
namespace {

struct ParseCase {
  std::string input;
  std::string os;
  std::string architecture;
  std::string variant;
};

void PrintTo(const ParseCase& value, std::ostream* out)
{
  *out << '"' << value.input << '"';
}

class PlatformParseTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(PlatformParseTest, ParsesAndNormalises)
{
  const auto& expected = GetParam();
  auto platform = Platform::parse(expected.input);
  EXPECT_EQ(platform.os, expected.os);
  EXPECT_EQ(platform.architecture, expected.architecture);
  EXPECT_EQ(platform.variant, expected.variant);
  EXPECT_EQ(Platform::parse(platform.str()), platform);
}

INSTANTIATE_TEST_SUITE_P(Table, PlatformParseTest,
                         ::testing::Values(ParseCase{"linux/amd64", "linux", "amd64", ""},
                                           ParseCase{"linux/arm64", "linux", "arm64", ""},
                                           ParseCase{"linux/arm64/v8", "linux", "arm64", ""},
                                           ParseCase{"linux/x86_64", "linux", "amd64", ""},
                                           ParseCase{"linux/x86-64", "linux", "amd64", ""},
                                           ParseCase{"linux/aarch64", "linux", "arm64", ""},
                                           ParseCase{"linux/aarch64/v8", "linux", "arm64", ""},
                                           ParseCase{"linux/arm/v7", "linux", "arm", "v7"},
                                           ParseCase{"linux/armhf", "linux", "arm", ""},
                                           ParseCase{"linux/i686", "linux", "386", ""},
                                           ParseCase{"linux/ppc64le", "linux", "ppc64le", ""},
                                           ParseCase{"linux/s390x", "linux", "s390x", ""},
                                           ParseCase{"linux/riscv64", "linux", "riscv64", ""},
                                           ParseCase{"windows/amd64", "windows", "amd64", ""}),
                         [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(PlatformTest, Arm64V8EqualsArm64)
{
  EXPECT_EQ(Platform::parse("linux/arm64/v8"), Platform::parse("linux/arm64"));
  EXPECT_EQ(Platform::parse("linux/aarch64"), Platform::parse("linux/arm64"));
  EXPECT_EQ(Platform::parse("linux/x86_64"), Platform::parse("linux/amd64"));
}

struct InvalidCase {
  std::string input;
  std::string message;
};

void PrintTo(const InvalidCase& value, std::ostream* out)
{
  *out << '"' << value.input << '"';
}

class PlatformInvalidTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(PlatformInvalidTest, RejectedNamingInputAndAcceptedForm)
{
  const auto& expected = GetParam();
  try {
    Platform::parse(expected.input);
    FAIL() << "accepted \"" << expected.input << "\"";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("invalid platform \"" + expected.input + "\""), std::string::npos)
      << error.message();
    EXPECT_NE(error.message().find(expected.message), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("os/architecture[/variant]"), std::string::npos) << error.message();
  }
}

INSTANTIATE_TEST_SUITE_P(Table, PlatformInvalidTest,
                         ::testing::Values(InvalidCase{"linux", "wrong number of parts"},
                                           InvalidCase{"", "wrong number of parts"},
                                           InvalidCase{"linux/amd64/v1/x", "wrong number of parts"},
                                           InvalidCase{"linux//v7", "empty part"},
                                           InvalidCase{"linux/amd64/", "empty part"},
                                           InvalidCase{"/amd64", "empty part"},
                                           InvalidCase{"foo/amd64", "unknown operating system \"foo\""},
                                           InvalidCase{"linux/sparc", "unknown architecture \"sparc\""},
                                           InvalidCase{"Linux/amd64", "unknown operating system"}),
                         [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(PlatformTest, MatchesComparesOsArchitectureAndNormalisedVariant)
{
  auto arm64 = Platform{"linux", "arm64", ""};
  auto arm64_v8 = Platform{"linux", "arm64", "v8"};
  EXPECT_TRUE(arm64.matches(arm64_v8));
  EXPECT_TRUE(arm64_v8.matches(arm64));
  EXPECT_TRUE(Platform::parse("linux/amd64").matches(Platform{"linux", "amd64", ""}));
  EXPECT_FALSE(Platform::parse("linux/amd64").matches(arm64));
  EXPECT_FALSE(Platform::parse("linux/amd64").matches(Platform{"windows", "amd64", ""}));
  EXPECT_TRUE(Platform::parse("linux/arm/v7").matches(Platform{"linux", "arm", "v7"}));
  EXPECT_FALSE(Platform::parse("linux/arm/v7").matches(Platform{"linux", "arm", "v6"}));
  EXPECT_FALSE(Platform::parse("linux/arm/v7").matches(Platform{"linux", "arm", ""}));
  EXPECT_FALSE(arm64.matches(Platform{"linux", "arm64", "v9"}));
}

TEST(PlatformTest, StrAndJsonRoundTrip)
{
  auto platform = Platform::parse("linux/arm/v7");
  EXPECT_EQ(platform.str(), "linux/arm/v7");
  EXPECT_EQ(Platform::parse("linux/amd64").str(), "linux/amd64");
  auto json = platform.to_json();
  EXPECT_EQ(json, nlohmann::json::parse(R"({"os":"linux","architecture":"arm","variant":"v7"})"));
  EXPECT_EQ(Platform::from_json(json), platform);
  EXPECT_FALSE(Platform::parse("linux/amd64").to_json().contains("variant"));
}

TEST(PlatformTest, HostIsAKnownLinuxPlatform)
{
  auto host = Platform::host();
  EXPECT_EQ(host.os, "linux");
  EXPECT_NO_THROW(Platform::parse(host.str())) << host.str();
}

TEST(PlatformTest, JsonArchitectureAliasesAreNormalised)
{
  // As `docker import` writes a config.
  auto platform = Platform::from_json(nlohmann::json{{"os", "linux"}, {"architecture", "x86_64"}});
  EXPECT_EQ(platform.str(), "linux/amd64");
  EXPECT_TRUE(Platform::parse("linux/amd64").matches(platform));
  EXPECT_EQ(Platform::from_json(nlohmann::json{{"os", "linux"}, {"architecture", "aarch64"}}).str(), "linux/arm64");
}

} // namespace
} // namespace pycontainer::oci
