#include "ref/reference.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::ref {
namespace {

const std::string k_hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct ValidCase {
  std::string input;
  std::string registry;
  std::string repository;
  std::string tag;
  std::string digest;
  std::string str;
};

void PrintTo(const ValidCase& value, std::ostream* out)
{
  *out << '"' << value.input << '"';
}

class ReferenceValidTest : public ::testing::TestWithParam<ValidCase> {};

TEST_P(ReferenceValidTest, ParsesAndNormalises)
{
  const auto& expected = GetParam();
  auto reference = Reference::parse(expected.input);
  EXPECT_EQ(reference.registry, expected.registry);
  EXPECT_EQ(reference.repository, expected.repository);
  EXPECT_EQ(reference.tag, expected.tag);
  EXPECT_EQ(reference.digest, expected.digest);
  EXPECT_EQ(reference.str(), expected.str);
  // The normalised form parses to itself.
  EXPECT_EQ(Reference::parse(reference.str()).str(), expected.str);
}

INSTANTIATE_TEST_SUITE_P(
  Table, ReferenceValidTest,
  ::testing::Values(
    ValidCase{"python", "docker.io", "library/python", "latest", "", "docker.io/library/python:latest"},
    ValidCase{"python:3.12-slim", "docker.io", "library/python", "3.12-slim", "",
              "docker.io/library/python:3.12-slim"},
    ValidCase{"library/python:3", "docker.io", "library/python", "3", "", "docker.io/library/python:3"},
    ValidCase{"docker.io/python", "docker.io", "library/python", "latest", "", "docker.io/library/python:latest"},
    ValidCase{"index.docker.io/library/python", "docker.io", "library/python", "latest", "",
              "docker.io/library/python:latest"},
    ValidCase{"index.docker.io/python:3.11", "docker.io", "library/python", "3.11", "",
              "docker.io/library/python:3.11"},
    ValidCase{"myuser/app", "docker.io", "myuser/app", "latest", "", "docker.io/myuser/app:latest"},
    ValidCase{"localhost:5000/a/b:c", "localhost:5000", "a/b", "c", "", "localhost:5000/a/b:c"},
    ValidCase{"localhost/a", "localhost", "a", "latest", "", "localhost/a:latest"},
    ValidCase{"ghcr.io/o/app@sha256:" + k_hex, "ghcr.io", "o/app", "", "sha256:" + k_hex,
              "ghcr.io/o/app@sha256:" + k_hex},
    ValidCase{"ghcr.io/o/app:1.0@sha256:" + k_hex, "ghcr.io", "o/app", "1.0", "sha256:" + k_hex,
              "ghcr.io/o/app:1.0@sha256:" + k_hex},
    ValidCase{"python@sha256:" + k_hex, "docker.io", "library/python", "", "sha256:" + k_hex,
              "docker.io/library/python@sha256:" + k_hex},
    ValidCase{"registry.example.com:443/team/app:1.0", "registry.example.com:443", "team/app", "1.0", "",
              "registry.example.com:443/team/app:1.0"},
    ValidCase{"[::1]:5000/x:y", "[::1]:5000", "x", "y", "", "[::1]:5000/x:y"},
    ValidCase{"[fe80::1]/x", "[fe80::1]", "x", "latest", "", "[fe80::1]/x:latest"},
    ValidCase{"127.0.0.1:5000/app", "127.0.0.1:5000", "app", "latest", "", "127.0.0.1:5000/app:latest"},
    ValidCase{"test:5000/repo", "test:5000", "repo", "latest", "", "test:5000/repo:latest"},
    ValidCase{"Registry.Example.COM/app", "Registry.Example.COM", "app", "latest", "",
              "Registry.Example.COM/app:latest"},
    ValidCase{"test_com", "docker.io", "library/test_com", "latest", "", "docker.io/library/test_com:latest"},
    ValidCase{"test.com:tag", "docker.io", "library/test.com", "tag", "", "docker.io/library/test.com:tag"},
    ValidCase{"a/b__c/d--e.f_g:TAG_1.x-y", "docker.io", "a/b__c/d--e.f_g", "TAG_1.x-y", "",
              "docker.io/a/b__c/d--e.f_g:TAG_1.x-y"},
    ValidCase{"foo/bar:_private", "docker.io", "foo/bar", "_private", "", "docker.io/foo/bar:_private"},
    ValidCase{"quay.io/a/b/c/d:v1", "quay.io", "a/b/c/d", "v1", "", "quay.io/a/b/c/d:v1"},
    ValidCase{"app:" + std::string(128, 't'), "docker.io", "library/app", std::string(128, 't'), "",
              "docker.io/library/app:" + std::string(128, 't')},
    ValidCase{"my-registry.local:5000/app", "my-registry.local:5000", "app", "latest", "",
              "my-registry.local:5000/app:latest"}),
  [](const auto& info) { return "case" + std::to_string(info.index); });

struct InvalidCase {
  std::string input;
  std::string message; // a part of the error message
};

void PrintTo(const InvalidCase& value, std::ostream* out)
{
  *out << '"' << value.input << '"';
}

class ReferenceInvalidTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(ReferenceInvalidTest, RejectedWithTheRuleBroken)
{
  const auto& expected = GetParam();
  try {
    Reference::parse(expected.input);
    FAIL() << "accepted \"" << expected.input << "\"";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("invalid reference \"" + expected.input + "\""), std::string::npos)
      << error.message();
    EXPECT_NE(error.message().find(expected.message), std::string::npos) << error.message();
    EXPECT_EQ(error.exit_code(), 2);
  }
}

INSTANTIATE_TEST_SUITE_P(
  Table, ReferenceInvalidTest,
  ::testing::Values(InvalidCase{"", "empty reference"},
                    InvalidCase{"UPPER/case", "repository name must be lowercase"},
                    InvalidCase{"Foo/bar", "repository name must be lowercase"},
                    InvalidCase{"ghcr.io/Org/app", "repository name must be lowercase"},
                    InvalidCase{"a:b:c", "invalid repository path component \"a:b\""},
                    InvalidCase{":tag", "no repository name"},
                    InvalidCase{"app@sha256:short", "invalid digest"},
                    InvalidCase{"app@md5:" + k_hex, "unsupported algorithm"},
                    InvalidCase{"app@", "invalid digest"},
                    InvalidCase{"localhost:5000", "registry but no repository"},
                    InvalidCase{"registry.example.com:443", "registry but no repository"},
                    InvalidCase{"[::1]:5000", "registry but no repository"},
                    InvalidCase{"ghcr.io/", "no repository name after the registry"},
                    InvalidCase{"app:" + std::string(129, 't'), "invalid tag"},
                    InvalidCase{"app:-tag", "invalid tag"},
                    InvalidCase{"app:.tag", "invalid tag"},
                    InvalidCase{"app:", "empty tag"},
                    InvalidCase{"a//b", "empty path component"},
                    InvalidCase{"a/b/", "empty path component"},
                    InvalidCase{"-app", "invalid repository path component \"-app\""},
                    InvalidCase{"app-", "invalid repository path component \"app-\""},
                    InvalidCase{"a___b", "invalid repository path component"},
                    InvalidCase{"a..b", "invalid repository path component"},
                    InvalidCase{"a b", "invalid repository path component"},
                    InvalidCase{"-host.com/app", "invalid registry \"-host.com\""},
                    InvalidCase{"host.com:port/app", "invalid registry"},
                    InvalidCase{k_hex, "image ID"},
                    InvalidCase{"a/" + std::string(250, 'b'), "longer than 255 characters"}),
  [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(ReferenceTest, IdentifierIsTheDigestWhenThereIsOne)
{
  EXPECT_EQ(Reference::parse("app:1.0").identifier(), "1.0");
  EXPECT_EQ(Reference::parse("app").identifier(), "latest");
  EXPECT_EQ(Reference::parse("app:1.0@sha256:" + k_hex).identifier(), "sha256:" + k_hex);
}

TEST(ReferenceTest, NameIsRegistryAndRepository)
{
  EXPECT_EQ(Reference::parse("python:3.12").name(), "docker.io/library/python");
  EXPECT_EQ(Reference::parse("localhost:5000/a/b:c").name(), "localhost:5000/a/b");
}

TEST(ReferenceTest, ApiHostOfDockerHubIsRegistry1)
{
  EXPECT_EQ(Reference::parse("python").api_host(), "registry-1.docker.io");
  EXPECT_EQ(Reference::parse("index.docker.io/library/python").api_host(), "registry-1.docker.io");
  EXPECT_EQ(Reference::parse("ghcr.io/o/app").api_host(), "ghcr.io");
  EXPECT_EQ(Reference::parse("localhost:5000/app").api_host(), "localhost:5000");
}

TEST(ReferenceTest, NameOfExactly255CharactersIsAccepted)
{
  std::string registry = "registry.example.com";
  std::string repository(255 - registry.size() - 1, 'a');
  EXPECT_EQ(Reference::parse(registry + "/" + repository).name().size(), 255U);
  EXPECT_THROW(Reference::parse(registry + "/" + repository + "a"), UsageError);
}

} // namespace
} // namespace pycontainer::ref
