#include "util/string.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pycontainer::util {
namespace {

TEST(StringTest, TrimRemovesAsciiWhitespaceAtBothEnds)
{
  EXPECT_EQ(trim(" \t\r\n\v\fvalue with  inner space \r\n"), "value with  inner space");
  EXPECT_EQ(trim("plain"), "plain");
  EXPECT_EQ(trim(" \t\r\n"), "");
  EXPECT_EQ(trim(""), "");
}

TEST(StringTest, TrimKeepsNonAsciiBytes)
{
  EXPECT_EQ(trim("\xa0x\xa0"), "\xa0x\xa0") << "a no-break space byte is not ASCII whitespace";
}

TEST(StringTest, ToLowerChangesOnlyAsciiLetters)
{
  EXPECT_EQ(to_lower("Docker-Content-Digest: SHA256:AB"), "docker-content-digest: sha256:ab");
  EXPECT_EQ(to_lower("\xc3\x89t\xc3\xa9"), "\xc3\x89t\xc3\xa9") << "UTF-8 bytes stay as they are";
}

TEST(StringTest, IequalsIgnoresAsciiCaseOnly)
{
  EXPECT_TRUE(iequals("WWW-Authenticate", "www-authenticate"));
  EXPECT_FALSE(iequals("Range", "Ranges"));
  EXPECT_FALSE(iequals("a-b", "a_b"));
  EXPECT_TRUE(iequals("", ""));
}

TEST(StringTest, SplitKeepsEmptyParts)
{
  EXPECT_EQ(split("a/b/c", '/'), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(split("/a//", '/'), (std::vector<std::string_view>{"", "a", "", ""}));
  EXPECT_EQ(split("", '/'), (std::vector<std::string_view>{""}));
  EXPECT_EQ(split("abc", ','), (std::vector<std::string_view>{"abc"}));
}

TEST(StringTest, ClosestMatchFindsTheNearestCandidateWithinTwoEdits)
{
  std::vector<std::string_view> commands{"build", "push", "pull", "inspect"};
  EXPECT_EQ(closest_match("biuld", commands), "build"); // a transposition is two edits
  EXPECT_EQ(closest_match("puhs", commands), "push");
  EXPECT_EQ(closest_match("insect", commands), "inspect");
  EXPECT_EQ(closest_match("bundle", commands), std::nullopt);
  EXPECT_EQ(closest_match("x", {}), std::nullopt);
}

TEST(StringTest, ClosestMatchPrefersTheNearerAndThenTheFirst)
{
  EXPECT_EQ(closest_match("--tagg", {"--tags", "--tag"}), "--tags"); // both one edit away: the first
  EXPECT_EQ(closest_match("--tagx", {"--taxes", "--tag"}), "--tag");
}

TEST(StringTest, NormaliseProjectNameAsPep503)
{
  EXPECT_EQ(normalise_project_name("Zope_.Interface"), "zope-interface");
  EXPECT_EQ(normalise_project_name("typing--extensions"), "typing-extensions");
}

TEST(Base64Test, StandardPadsAndUrlSafeDoesNot)
{
  EXPECT_EQ(base64_encode("user:pass"), "dXNlcjpwYXNz");
  EXPECT_EQ(base64_encode("a"), "YQ==");
  EXPECT_EQ(base64_encode("ab"), "YWI=");
  EXPECT_EQ(base64_encode("\xfb\xff", Base64::standard), "+/8=");
  EXPECT_EQ(base64_encode("\xfb\xff", Base64::url_safe_unpadded), "-_8");
  EXPECT_EQ(base64_encode("a", Base64::url_safe_unpadded), "YQ");
  EXPECT_EQ(base64_encode(""), "");
}

} // namespace
} // namespace pycontainer::util
