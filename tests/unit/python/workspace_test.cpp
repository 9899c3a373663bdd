#include "python/workspace.hpp"

#include "python/project_metadata.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::python {
namespace {

class WorkspaceTest : public test::TempDirTest {
protected:
  // The project and layout of dir() once its workspace is applied.
  std::pair<std::optional<PyProject>, ProjectLayout> resolved(bool entrypoint_given = false)
  {
    auto project = load_project(dir());
    auto layout = detect_layout(dir(), project ? &*project : nullptr);
    auto workspace = find_workspace(dir(), project ? &*project : nullptr, layout);
    EXPECT_TRUE(workspace);
    if (workspace) {
      apply_workspace(*workspace, project, layout, entrypoint_given);
    }
    return {std::move(project), std::move(layout)};
  }

  std::string error_resolving(bool entrypoint_given = false)
  {
    try {
      resolved(entrypoint_given);
    } catch (const UsageError& error) {
      return error.what();
    }
    return "";
  }

  void uv_member(const std::string& directory, const std::string& name, const std::string& extra)
  {
    write(directory + "/pyproject.toml", "[project]\nname = \"" + name + "\"\nversion = \"0.2.0\"\n" + extra);
    write(directory + "/src/" + import_name(name) + "/__init__.py", "");
  }
};

TEST_F(WorkspaceTest, AVirtualUvWorkspaceRunsItsMemberWithScriptsAndImportsEveryMember)
{
  write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"packages/*\"]\nexclude = [\"packages/legacy\"]\n");
  uv_member("packages/cli", "ws-cli",
            "dependencies = [\"ws-lib\", \"rich>=13\"]\n[project.scripts]\nws = \"ws_cli.main:run\"\n"
            "[tool.uv.sources]\nws-lib = { workspace = true }\n");
  uv_member("packages/lib", "ws_lib", "");
  uv_member("packages/legacy", "legacy", "[project.scripts]\nold = \"legacy:main\"\n");
  write("packages/notes/readme.md", ""); // no pyproject.toml: no member
  auto [project, layout] = resolved();
  ASSERT_TRUE(project);
  EXPECT_EQ(project->name, "ws-cli");
  EXPECT_EQ(project->name_origin, "packages/cli/pyproject.toml [project]");
  EXPECT_EQ(project->scripts_origin, "[project.scripts] of packages/cli");
  EXPECT_EQ(project->dependencies, (std::vector<std::string>{"ws-lib", "rich>=13"}));
  EXPECT_EQ(layout.python_path, (std::vector<std::string>{"packages/cli/src", "packages/lib/src"}));
  EXPECT_EQ(layout.packages, (std::vector<std::string>{"ws_cli", "ws_lib"}));
}

TEST_F(WorkspaceTest, SeveralRunnableMembersAreAnErrorListingThemUnlessTheEntrypointIsGiven)
{
  write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"apps/*\"]\n");
  uv_member("apps/one", "one", "[project.scripts]\none = \"one:main\"\n");
  uv_member("apps/two", "two", "[project.scripts]\ntwo = \"two:main\"\n");
  auto message = error_resolving();
  EXPECT_NE(message.find("several members that could be the image's program: apps/one ([project.scripts] of "
                         "apps/one: one), apps/two ([project.scripts] of apps/two: two). Choose with --entrypoint"),
            std::string::npos)
    << message;
  auto [project, layout] = resolved(true);
  ASSERT_TRUE(project);
  EXPECT_EQ(project->name, ""); // the root's: the command line names the rest
}

TEST_F(WorkspaceTest, TheOnlyMemberWithAnAppIsRunWhenNoneHasScripts)
{
  write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"services/api\", \"libs/*\"]\n");
  uv_member("services/api", "api", "");
  write("services/api/src/api/main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
  uv_member("libs/core", "core", "");
  auto [project, layout] = resolved();
  ASSERT_TRUE(project);
  EXPECT_EQ(project->name, "api");
  EXPECT_EQ(layout.python_path, (std::vector<std::string>{"libs/core/src", "services/api/src"}));
}

TEST_F(WorkspaceTest, ABackendBelowARootThatIsNoProjectIsImportedFromItsDirectory)
{
  write("frontend/package.json", "{}");
  write("backend/requirements.txt", "fastapi\n");
  write("backend/app/__init__.py", "");
  write("backend/app/main.py", "from fastapi import FastAPI\nfrom app.routes import router\napp = FastAPI()\n");
  write("docs/requirements.txt", "sphinx\n"); // documentation is no project
  auto [project, layout] = resolved();
  EXPECT_FALSE(project);
  EXPECT_EQ(layout.python_path, std::vector<std::string>{"backend"});
  EXPECT_EQ(layout.packages, std::vector<std::string>{"app"});
}

TEST_F(WorkspaceTest, SeveralProjectsBelowARootThatIsNoneAreAnErrorSuggestingContext)
{
  write("api/requirements.txt", "fastapi\n");
  write("worker/pyproject.toml", "[project]\nname = \"worker\"\n");
  auto message = error_resolving();
  EXPECT_NE(message.find("is no Python project itself, and several directories below it are (api, worker): build one "
                         "with --context " + (dir() / "api").string()),
            std::string::npos)
    << message;
}

TEST_F(WorkspaceTest, APathDependencyInsideTheContextIsImportedAndOneOutsideIsAnError)
{
  write("pyproject.toml", "[project]\nname = \"svc\"\nversion = \"1\"\n"
                          "dependencies = [\"shared @ file:///${PROJECT_ROOT}/libs/shared\", \"httpx\"]\n");
  write("svc/__init__.py", "");
  uv_member("libs/shared", "shared", "");
  auto [project, layout] = resolved();
  ASSERT_TRUE(project);
  EXPECT_EQ(layout.python_path, (std::vector<std::string>{".", "libs/shared/src"}));
  auto workspace = find_workspace(dir(), &*project, detect_layout(dir(), &*project));
  ASSERT_TRUE(workspace);
  EXPECT_EQ(workspace->local_distributions, (std::vector<std::string>{"shared", "shared"})); // the path, the member

  write("pyproject.toml", "[tool.poetry]\nname = \"svc\"\nversion = \"1\"\n"
                          "[tool.poetry.dependencies]\npython = \"^3.11\"\ncommon = {path = \"../common\", develop = true}\n");
  auto message = error_resolving();
  EXPECT_NE(message.find("dependency common of the project is the directory '" + (dir().parent_path() / "common").string() +
                         "' (path = \"../common\"), outside the context '" + dir().string() +
                         "': its imports cannot be resolved in the image. Build from a directory holding both, with "
                         "--context " + dir().parent_path().string()),
            std::string::npos)
    << message;
}

TEST_F(WorkspaceTest, AMemberBuiltAloneIsToldToBuildTheWorkspaceRoot)
{
  write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"packages/*\"]\n");
  uv_member("packages/cli", "cli", "[tool.uv.sources]\nlib = { workspace = true }\n");
  auto member = dir() / "packages/cli";
  auto project = load_project(member);
  auto layout = detect_layout(member, &*project);
  try {
    find_workspace(member, &*project, layout);
    ADD_FAILURE() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("dependency lib is a uv workspace member ({workspace = true} in "
                                             "[tool.uv.sources] of " + (member / "pyproject.toml").string() +
                                             ") outside the context '" + member.string() +
                                             "': its imports cannot be resolved in the image. Build the workspace "
                                             "from its root, with --context " + dir().string()),
              std::string::npos)
      << error.what();
  }
}

TEST_F(WorkspaceTest, AProjectOfOneDirectoryIsNoWorkspace)
{
  write("pyproject.toml", "[project]\nname = \"plain\"\n");
  write("plain/__init__.py", "");
  auto project = load_project(dir());
  EXPECT_FALSE(find_workspace(dir(), &*project, detect_layout(dir(), &*project)));
  EXPECT_FALSE(find_workspace(dir(), nullptr, detect_layout(dir(), nullptr)));
}

} // namespace
} // namespace pycontainer::python
