// Unit tests of pipeline::lock_wheels: which index a lock's package is looked for on, as its messages and
// the host's pip building its sdist are told (listing itself goes to a server: integration.lock_index_build).
#include "pipeline/lock_wheels.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pycontainer::pipeline {
namespace {

using Options = std::vector<std::string>;

class LockWheelsTest : public test::TempDirTest {
protected:
  project::BuildPlan plan_of(project::PackageIndexSettings index) const
  {
    project::BuildPlan plan;
    plan.include_deps.emplace();
    plan.include_deps->index = std::move(index);
    plan.cache_directory = dir() / "cache";
    return plan;
  }
};

TEST_F(LockWheelsTest, TheIndexALockNamesReplacesTheConfiguredOnesForThatPackage)
{
  project::PackageIndexSettings settings;
  settings.index_url = "https://mirror.example/simple";
  settings.extra_index_urls = {"https://extra.example/simple"};
  settings.find_links = {"/wheels"};
  auto wheels = lock_wheels(plan_of(settings), {});

  // No index in the lock: the configured ones.
  EXPECT_EQ(wheels.describe(""), "index https://mirror.example/simple, https://extra.example/simple, --find-links /wheels");
  EXPECT_EQ(wheels.pip_options(""), (Options{"--index-url", "https://mirror.example/simple", "--extra-index-url",
                                             "https://extra.example/simple", "--find-links", "/wheels"}));
  // The lock's own index, instead of them, --find-links still.
  EXPECT_EQ(wheels.describe("https://private.example/simple"),
            "index https://private.example/simple (the lock's source), --find-links /wheels");
  EXPECT_EQ(wheels.pip_options("https://private.example/simple"),
            (Options{"--index-url", "https://private.example/simple", "--find-links", "/wheels"}));
  // An index the lock names that is configured already: the configured ones, all of them.
  EXPECT_EQ(wheels.pip_options("https://extra.example/simple"), wheels.pip_options(""));
}

TEST_F(LockWheelsTest, AnIndexIsTheSameWithOrWithoutItsTrailingSlash)
{
  project::PackageIndexSettings settings;
  settings.index_url = "https://mirror.example/simple";
  settings.extra_index_urls = {"https://extra.example/simple/"};
  auto wheels = lock_wheels(plan_of(settings), {});

  EXPECT_EQ(wheels.pip_options("https://mirror.example/simple/"), wheels.pip_options(""));
  EXPECT_EQ(wheels.pip_options("https://extra.example/simple"), wheels.pip_options(""));
  EXPECT_EQ(wheels.describe("https://extra.example/simple"), wheels.describe(""));
}

TEST_F(LockWheelsTest, NoIndexKeepsToTheFindLinksWhateverTheLockNames)
{
  project::PackageIndexSettings settings;
  settings.find_links = {"/wheels"};
  settings.no_index = true;
  auto wheels = lock_wheels(plan_of(settings), {});
  EXPECT_EQ(wheels.describe("https://private.example/simple"), "--find-links /wheels");
  EXPECT_EQ(wheels.pip_options("https://private.example/simple"),
            (Options{"--index-url", "https://pypi.org/simple", "--find-links", "/wheels", "--no-index"}));
}

TEST_F(LockWheelsTest, NoDependenciesNoProvider)
{
  project::BuildPlan plan;
  auto wheels = lock_wheels(plan, {});
  EXPECT_FALSE(wheels.list);
  EXPECT_FALSE(wheels.pip_options);
}

} // namespace
} // namespace pycontainer::pipeline
