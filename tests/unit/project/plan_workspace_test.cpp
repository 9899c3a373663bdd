// plan_build on monorepos and workspaces: the image imports every member and runs the right one.
#include "project/plan.hpp"

#include "python/launcher.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::project {
namespace {

class PlanWorkspaceTest : public test::TempDirTest {
protected:
  BuildPlan plan() const
  {
    BuildRequest request;
    request.context = dir();
    request.command_line.base_image = "scratch";
    return plan_build(request);
  }

  static std::string env_value(const BuildPlan& plan, const std::string& key)
  {
    for (const auto& [name, value] : plan.changes.env) {
      if (name == key) {
        return value;
      }
    }
    return "";
  }
};

TEST_F(PlanWorkspaceTest, AVirtualUvWorkspaceRunsItsCliMemberWithEveryMemberImportable)
{
  write("pyproject.toml", "[tool.uv.workspace]\nmembers = [\"packages/*\"]\n");
  write("packages/cli/pyproject.toml", "[project]\nname = \"ws-cli\"\nversion = \"0.2.0\"\ndependencies = [\"ws-lib\"]\n"
                                       "[project.scripts]\nws = \"ws_cli.main:run\"\n[tool.uv.sources]\nws-lib = { workspace = true }\n");
  write("packages/cli/src/ws_cli/__init__.py", "");
  write("packages/cli/src/ws_cli/main.py", "from ws_lib import greet\ndef run():\n    print(greet())\n");
  write("packages/lib/pyproject.toml", "[project]\nname = \"ws-lib\"\nversion = \"0.1.0\"\n");
  write("packages/lib/src/ws_lib/__init__.py", "def greet():\n    return 'hi'\n");
  auto built = plan();
  EXPECT_TRUE(built.project->dependencies.empty()); // ws-lib is on PYTHONPATH, not for pip
  EXPECT_EQ(built.tag.str(), "docker.io/library/ws-cli:0.2.0");
  EXPECT_EQ(built.changes.entrypoint, python::launch_call("ws_cli.main", "run"));
  EXPECT_EQ(env_value(built, "PYTHONPATH"), "/app/packages/cli/src:/app/packages/lib/src");
  auto text = format_plan(built);
  for (const char* line : {"Name:        ws-cli (from packages/cli/pyproject.toml [project])",
                           "(first [project.scripts] of packages/cli entry: ws = 'ws_cli.main:run')",
                           "(workspace layout)\nWorkspace:   uv workspace, no project at its root\n"
                           "  packages/cli ([tool.uv.workspace] members; imports from packages/cli/src)\n"
                           "  packages/lib ([tool.uv.workspace] members; imports from packages/lib/src)\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  auto inputs = built.inputs;
  EXPECT_NE(std::find(inputs.begin(), inputs.end(), dir() / "packages/lib/pyproject.toml"), inputs.end());
}

TEST_F(PlanWorkspaceTest, ABackendFolderIsImportedFromItsOwnDirectory)
{
  write("frontend/package.json", "{}\n");
  write("backend/requirements.txt", "fastapi\n");
  write("backend/app/__init__.py", "");
  write("backend/app/core.py", "NAME = 'backend'\n");
  write("backend/app/main.py", "from fastapi import FastAPI\nfrom app.core import NAME\napp = FastAPI()\n");
  auto built = plan();
  EXPECT_EQ(built.changes.entrypoint,
            python::launch_module("uvicorn", {"app.main:app", "--host", "0.0.0.0", "--port", "8000"}));
  EXPECT_EQ(env_value(built, "PYTHONPATH"), "/app/backend");
}

} // namespace
} // namespace pycontainer::project
