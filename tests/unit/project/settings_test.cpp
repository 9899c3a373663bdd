#include "project/settings.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::project {
namespace {

TEST(SettingsTest, HigherSourcesWinFieldByFieldAndKeyByKey)
{
  SettingsLayer cli, file, tool;
  cli.tag = "cli:1";
  file.tag = "file:1";
  file.workdir = "/file";
  tool.workdir = "/tool";
  tool.user = "tool";
  cli.env = {{"A", "cli"}};
  file.env = {{"A", "file"}, {"B", "file"}};
  tool.env = {{"C", "tool"}, {"B", "tool"}};
  auto merged = merge_settings({&cli, &file, &tool});
  EXPECT_EQ(merged.tag, "cli:1");
  EXPECT_EQ(merged.workdir, "/file");
  EXPECT_EQ(merged.user, "tool");
  EXPECT_FALSE(merged.platform);
  EXPECT_EQ(merged.env, (KeyValues{{"A", "cli"}, {"B", "file"}, {"C", "tool"}}));
}

TEST(SettingsTest, KeyValue)
{
  EXPECT_EQ(parse_key_value("A=b=c", "--env"), (std::pair<std::string, std::string>{"A", "b=c"}));
  EXPECT_EQ(parse_key_value("A=", "--env"), (std::pair<std::string, std::string>{"A", ""}));
  EXPECT_THROW(parse_key_value("A", "--env"), UsageError);
  EXPECT_THROW(parse_key_value("=x", "--label"), UsageError);
}

TEST(SettingsTest, CommandWordsAndJson)
{
  using Words = std::vector<std::string>;
  EXPECT_EQ(parse_command("python3 -m app", "x"), (Words{"python3", "-m", "app"}));
  EXPECT_EQ(parse_command(R"(sh -c "echo 'hi there'")", "x"), (Words{"sh", "-c", "echo 'hi there'"}));
  EXPECT_EQ(parse_command(R"(a\ b 'c d' "")", "x"), (Words{"a b", "c d", ""}));
  EXPECT_EQ(parse_command(R"x(["python3", "-c", "print(1)"])x", "x"), (Words{"python3", "-c", "print(1)"}));
  EXPECT_THROW(parse_command("", "--entrypoint"), UsageError);
  EXPECT_THROW(parse_command("echo 'open", "--entrypoint"), UsageError);
  EXPECT_THROW(parse_command("[1, 2]", "--entrypoint"), UsageError);
  EXPECT_THROW(parse_command("[\"a\"", "--entrypoint"), UsageError);
}

} // namespace
} // namespace pycontainer::project
