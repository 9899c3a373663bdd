#include "project/push_destinations.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pycontainer::project {
namespace {

std::vector<std::string> destinations(const std::vector<std::string>& tags, const std::optional<std::string>& registry)
{
  std::vector<ref::Reference> references;
  for (const auto& tag : tags) {
    references.push_back(ref::Reference::parse(tag));
  }
  std::vector<std::string> result;
  for (const auto& destination : push_destinations(references, registry)) {
    result.push_back(destination.str());
  }
  return result;
}

using Strings = std::vector<std::string>;

TEST(PushDestinations, WithoutARegistryTheTags)
{
  EXPECT_EQ(destinations({"app:1", "ghcr.io/o/app:2"}, std::nullopt),
            (Strings{"docker.io/library/app:1", "ghcr.io/o/app:2"}));
}

TEST(PushDestinations, AHostTakesEachTagsRepository)
{
  EXPECT_EQ(destinations({"app:1", "app:latest", "acme/tool:2"}, "localhost:5000"),
            (Strings{"localhost:5000/app:1", "localhost:5000/app:latest", "localhost:5000/acme/tool:2"}));
  EXPECT_EQ(destinations({"ghcr.io/o/app:1"}, "registry.example.com"), (Strings{"registry.example.com/o/app:1"}));
  EXPECT_EQ(destinations({"app:1"}, "localhost"), (Strings{"localhost/app:1"}));
}

TEST(PushDestinations, ARepositoryTakesEachTagsTag)
{
  // pycontainer-build's `registry = "ghcr.io/user/myapp"`.
  EXPECT_EQ(destinations({"myapp:1.0", "myapp:latest"}, "ghcr.io/user/myapp"),
            (Strings{"ghcr.io/user/myapp:1.0", "ghcr.io/user/myapp:latest"}));
  EXPECT_EQ(destinations({"a:1", "b:1"}, "localhost:5000/team/app"), (Strings{"localhost:5000/team/app:1"}));
}

TEST(PushDestinations, AReferenceWithATagIsTheOneDestination)
{
  // pycontainer-build's `--registry ghcr.io/user/repo:v1`.
  EXPECT_EQ(destinations({"app:1", "app:2"}, "ghcr.io/user/repo:v1"), (Strings{"ghcr.io/user/repo:v1"}));
  EXPECT_EQ(destinations({"app:1"}, "localhost:5000/app:v1"), (Strings{"localhost:5000/app:v1"}));
}

TEST(PushDestinations, BadRegistriesNameTheSetting)
{
  try {
    destinations({"app:1"}, "ghcr.io/Acme/App");
    FAIL() << "expected UsageError";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("registry \"ghcr.io/Acme/App\""), std::string::npos) << error.what();
  }
  EXPECT_THROW(destinations({"app:1"}, "ghcr.io/o/app@sha256:" + std::string(64, 'a')), UsageError);
  EXPECT_THROW(destinations({"app:1"}, "https://ghcr.io/o/app"), UsageError);
}

TEST(CheckPushRegistry, TagsNamingTheirRegistryPass)
{
  EXPECT_NO_THROW(check_push_registry({"localhost:5000/app:1", "ghcr.io/acme/app:2", "docker.io/acme/app:3"}, std::nullopt));
  EXPECT_NO_THROW(check_push_registry({"app:1"}, std::string("localhost:5000")));
  EXPECT_NO_THROW(check_push_registry({"app:1"}, std::string("ghcr.io/acme/app")));
}

TEST(CheckPushRegistry, ATagWithoutARegistryWouldGoToDockerHub)
{
  try {
    check_push_registry({"localhost:5000/app:1", "app:latest"}, std::nullopt);
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("tag \"app:latest\" names no registry, so it would go to Docker Hub as "
                                             "docker.io/library/app:latest"),
              std::string::npos)
      << error.what();
  }
  EXPECT_THROW(check_push_registry({"acme/app:1"}, std::nullopt), UsageError);
  EXPECT_THROW(check_push_registry({"localhost:5000/app:1"}, std::string("acme/app")), UsageError);
}

} // namespace
} // namespace pycontainer::project
