#include "python/pep440.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pycontainer::python {
namespace {

Version v(const char* text)
{
  auto version = Version::parse(text);
  EXPECT_TRUE(version) << text;
  return version.value_or(*Version::parse("0"));
}

bool admits(const char* specifier, const char* version)
{
  auto parsed = Specifier::parse(specifier);
  EXPECT_TRUE(parsed) << specifier;
  return parsed && parsed->admits(v(version));
}

TEST(Pep440Version, NormalisesAlternativeSpellings)
{
  EXPECT_EQ(v("1.0").str(), "1.0");
  EXPECT_EQ(v("v1.0").str(), "1.0");
  EXPECT_EQ(v("1.0-ALPHA.2").str(), "1.0a2");
  EXPECT_EQ(v("1.0c1").str(), "1.0rc1");
  EXPECT_EQ(v("1.0.preview3").str(), "1.0rc3");
  EXPECT_EQ(v("1.0-1").str(), "1.0.post1");
  EXPECT_EQ(v("1.0.rev").str(), "1.0.post0");
  EXPECT_EQ(v("1.0dev").str(), "1.0.dev0");
  EXPECT_EQ(v("2!1.0.post2.dev3+Ubuntu-1_x").str(), "2!1.0.post2.dev3+ubuntu.1.x");
}

TEST(Pep440Version, RefusesWhatIsNoVersion)
{
  for (const char* text : {"", "abc", "1.0+", "1.0+a..b", "1.0 extra", "1..0", "1.0-", "1!", "1.0.*"}) {
    EXPECT_FALSE(Version::parse(text)) << text;
  }
}

TEST(Pep440Version, OrdersAsPep440Says)
{
  std::vector<const char*> ordered{"1.0.dev0", "1.0a1.dev1", "1.0a1", "1.0a2", "1.0b1", "1.0rc1", "1.0",
                                   "1.0+abc", "1.0+abc.5", "1.0+5", "1.0.post1.dev0", "1.0.post1", "1.0.1",
                                   "1.1", "10.0", "1!0.1"};
  for (std::size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_LT(compare(v(ordered[i]), v(ordered[i + 1])), 0) << ordered[i] << " < " << ordered[i + 1];
    EXPECT_GT(compare(v(ordered[i + 1]), v(ordered[i])), 0);
  }
  EXPECT_EQ(v("1.0"), v("1.0.0"));
  EXPECT_EQ(v("1.0+ABC"), v("1.0+abc"));
}

TEST(Pep440Specifier, ComparesReleases)
{
  EXPECT_TRUE(admits(">=3.8", "3.11.2"));
  EXPECT_FALSE(admits(">=3.12", "3.11.2"));
  EXPECT_TRUE(admits("<3.12", "3.11.9"));
  EXPECT_TRUE(admits("<=3.11", "3.11.0"));
  EXPECT_FALSE(admits("<=3.11", "3.11.1"));
  EXPECT_TRUE(admits(">3.11", "3.11.1"));
  EXPECT_TRUE(admits("== 3.11", "3.11.0"));
  EXPECT_FALSE(admits("==3.11", "3.11.1"));
  EXPECT_TRUE(admits("!=3.11", "3.11.1"));
}

TEST(Pep440Specifier, CompatibleReleaseKeepsAllButTheLastSegment)
{
  EXPECT_TRUE(admits("~=2.2", "2.9"));
  EXPECT_FALSE(admits("~=2.2", "3.0"));
  EXPECT_FALSE(admits("~=2.2", "2.1"));
  EXPECT_TRUE(admits("~=1.4.5", "1.4.9"));
  EXPECT_FALSE(admits("~=1.4.5", "1.5.0"));
  EXPECT_TRUE(admits("~=1.4.5a4", "1.4.5"));
  EXPECT_FALSE(Specifier::parse("~=1"));
}

TEST(Pep440Specifier, WildcardsMatchPrefixes)
{
  EXPECT_TRUE(admits("==3.11.*", "3.11.4"));
  EXPECT_TRUE(admits("==3.11.*", "3.11"));
  EXPECT_TRUE(admits("==3.11.*", "3.11.0rc1"));
  EXPECT_FALSE(admits("==3.11.*", "3.12.0"));
  EXPECT_FALSE(admits("==3.1.*", "3.11.0"));
  EXPECT_TRUE(admits("!=3.11.*", "3.12.0"));
  EXPECT_FALSE(admits("!=3.11.*", "3.11.7"));
  EXPECT_FALSE(Specifier::parse(">=3.11.*"));
  EXPECT_FALSE(Specifier::parse("==3.11.*+local"));
}

TEST(Pep440Specifier, PreAndPostReleasesAndLocalLabels)
{
  EXPECT_FALSE(admits("<3.0", "3.0rc1")); // "<3.0" excludes 3.0's pre-releases
  EXPECT_TRUE(admits("<3.0rc2", "3.0rc1"));
  EXPECT_TRUE(admits("<3.0", "2.9rc1"));
  EXPECT_FALSE(admits(">3.0", "3.0.post1")); // ">3.0" excludes 3.0's post-releases
  EXPECT_TRUE(admits(">3.0.post1", "3.0.post2"));
  EXPECT_TRUE(admits("==1.0", "1.0+local"));    // a local label is ignored without one in the specifier
  EXPECT_FALSE(admits("==1.0+a", "1.0+b"));
  EXPECT_TRUE(admits(">=1.0", "1.0+local"));
  EXPECT_FALSE(admits(">1.0", "1.0+local"));
  EXPECT_FALSE(Specifier::parse(">=1.0+local"));
}

TEST(Pep440Specifier, ArbitraryEqualityComparesText)
{
  auto specifier = Specifier::parse("===1.0.0");
  ASSERT_TRUE(specifier);
  EXPECT_TRUE(specifier->admits_text("1.0.0"));
  EXPECT_FALSE(specifier->admits_text("1.0"));
  EXPECT_TRUE(Specifier::parse("===foobar")->admits_text("FooBar"));
}

TEST(Pep440Specifier, ListsMustAllAdmit)
{
  auto specifiers = parse_specifiers(">=1.0, !=1.3.*, <2");
  ASSERT_TRUE(specifiers);
  EXPECT_TRUE(admits_all(*specifiers, v("1.2")));
  EXPECT_FALSE(admits_all(*specifiers, v("1.3.1")));
  EXPECT_FALSE(admits_all(*specifiers, v("2.0")));
  EXPECT_TRUE(parse_specifiers("")->empty());
  EXPECT_FALSE(parse_specifiers(">=1.0, banana"));
  EXPECT_FALSE(Specifier::parse("1.0"));
}

} // namespace
} // namespace pycontainer::python
