#include "oci/digest.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::oci {
namespace {

const std::string k_empty_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(DigestTest, OfHashesWithSha256)
{
  auto digest = Digest::of("");
  EXPECT_EQ(digest.algorithm(), "sha256");
  EXPECT_EQ(digest.encoded(), k_empty_sha256);
  EXPECT_EQ(digest.str(), "sha256:" + k_empty_sha256);
  EXPECT_EQ(Digest::of("abc").encoded(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestTest, ParseRoundTrips)
{
  auto digest = Digest::parse("sha256:" + k_empty_sha256);
  EXPECT_EQ(digest, Digest::of(""));
  EXPECT_EQ(Digest::parse(digest.str()), digest);
  EXPECT_EQ(Digest::from_sha256_hex(k_empty_sha256), digest);
}

TEST(DigestTest, ParseAcceptsSha512)
{
  auto digest = Digest::parse("sha512:" + std::string(128, 'a'));
  EXPECT_EQ(digest.algorithm(), "sha512");
  EXPECT_EQ(digest.encoded().size(), 128U);
}

TEST(DigestTest, OrderingAndEquality)
{
  EXPECT_NE(Digest::of("a"), Digest::of("b"));
  EXPECT_LT(Digest::parse("sha256:" + std::string(64, '0')), Digest::parse("sha256:" + std::string(64, '1')));
}

class DigestInvalidTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DigestInvalidTest, RejectedWithUsageErrorNamingTheInput)
{
  try {
    Digest::parse(GetParam());
    FAIL() << "accepted \"" << GetParam() << "\"";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("invalid digest \"" + GetParam() + "\""), std::string::npos) << error.message();
  }
}

INSTANTIATE_TEST_SUITE_P(Table, DigestInvalidTest,
                         ::testing::Values("", "sha256", "sha256:", "sha256:short", k_empty_sha256,
                                           "sha256:" + std::string(63, 'a'), "sha256:" + std::string(65, 'a'),
                                           "sha256:" + std::string(64, 'A'), "sha256:" + std::string(64, 'g'),
                                           "md5:" + k_empty_sha256, "SHA256:" + k_empty_sha256,
                                           ":" + k_empty_sha256, "sha512:" + k_empty_sha256),
                         [](const auto& info) { return "case" + std::to_string(info.index); });

} // namespace
} // namespace pycontainer::oci
