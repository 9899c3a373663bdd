#include "project/plan.hpp"
#include "util/process.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace pycontainer::project {
namespace {

// The org.opencontainers.image.* labels a plan gives a project (in dir()/app), from its metadata and
// the git checkout it is in.
class PlanLabelsTest : public test::TempDirTest {
protected:
  std::map<std::string, std::string> labels()
  {
    BuildRequest request;
    request.context = dir() / "app";
    request.command_line.base_image = "scratch";
    request.collect_files = false;
    auto plan = plan_build(request);
    return plan.changes.labels;
  }

  void git(std::vector<std::string> arguments)
  {
    std::vector<std::string> argv{"git", "-C", (dir() / "app").string(), "-c", "user.name=Test", "-c",
                                  "user.email=test@example.com"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    auto result = util::run_process(argv, "");
    ASSERT_EQ(result.exit_code, 0) << result.said();
  }

  std::string head()
  {
    auto result = util::run_process({"git", "-C", (dir() / "app").string(), "rev-parse", "HEAD"}, "");
    return result.output.substr(0, result.output.find('\n'));
  }
};

TEST_F(PlanLabelsTest, FlaskTutorialHasNoFileNameForALicense)
{
  // examples/tutorial/pyproject.toml of pallets/flask, as it is.
  write("app/pyproject.toml", R"([project]
name = "flaskr"
version = "1.0.0"
description = "The basic blog app built in the Flask tutorial."
license = {file = "LICENSE.txt"}
maintainers = [{name = "Pallets", email = "contact@palletsprojects.com"}]
classifiers = ["Private :: Do Not Upload"]
dependencies = ["flask"]

[project.urls]
Documentation = "https://flask.palletsprojects.com/tutorial/"
)");
  auto found = labels();
  EXPECT_FALSE(found.contains("org.opencontainers.image.licenses")) << found["org.opencontainers.image.licenses"];
  EXPECT_EQ(found["org.opencontainers.image.authors"], "Pallets <contact@palletsprojects.com>");
  EXPECT_EQ(found["org.opencontainers.image.title"], "flaskr");
  EXPECT_FALSE(found.contains("org.opencontainers.image.source"));
}

TEST_F(PlanLabelsTest, LicenseExpressionAndAuthors)
{
  write("app/pyproject.toml", R"([project]
name = "svc"
license = "MIT OR Apache-2.0"
authors = [{name = "Ada", email = "ada@example.com"}, {name = "Bob"}]
)");
  auto found = labels();
  EXPECT_EQ(found["org.opencontainers.image.licenses"], "MIT OR Apache-2.0");
  EXPECT_EQ(found["org.opencontainers.image.authors"], "Ada <ada@example.com>, Bob");
}

TEST_F(PlanLabelsTest, RevisionAndSourceFromTheGitCheckout)
{
  write("app/pyproject.toml", "[project]\nname = \"svc\"\n[project.urls]\nHomepage = \"https://svc.example.com\"\n");
  git({"init", "-q"});
  git({"add", "."});
  git({"commit", "-q", "-m", "one"});
  git({"remote", "add", "origin", "https://ci:token@github.com/acme/svc.git"});
  auto found = labels();
  EXPECT_EQ(found["org.opencontainers.image.revision"], head());
  // The origin, without its credentials, comes before the Homepage.
  EXPECT_EQ(found["org.opencontainers.image.source"], "https://github.com/acme/svc");

  write("app/pyproject.toml", "[project]\nname = \"svc\"\n[project.urls]\nrepository = \"https://git.example.com/svc\"\n");
  EXPECT_EQ(labels()["org.opencontainers.image.source"], "https://git.example.com/svc"); // the metadata's own wins
}

TEST_F(PlanLabelsTest, ACheckoutWithoutMetadataStillGivesTheRevision)
{
  write("app/main.py", "print('hi')\n");
  git({"init", "-q"});
  git({"add", "."});
  git({"commit", "-q", "-m", "one"});
  EXPECT_EQ(labels()["org.opencontainers.image.revision"], head());
}

} // namespace
} // namespace pycontainer::project
