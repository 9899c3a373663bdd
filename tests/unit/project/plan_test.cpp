#include "project/plan.hpp"

#include "python/launcher.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::project {
namespace {

class PlanTest : public test::TempDirTest {
protected:
  BuildPlan plan(SettingsLayer command_line = {}) const
  {
    BuildRequest request;
    request.context = dir();
    request.command_line = std::move(command_line);
    request.command_line.base_image = "scratch";
    request.command_line.tag = "demo:1";
    return plan_build(request);
  }

  static std::optional<std::string> env_value(const BuildPlan& plan, const std::string& key)
  {
    for (const auto& [name, value] : plan.changes.env) {
      if (name == key) {
        return value;
      }
    }
    return std::nullopt;
  }
};

TEST_F(PlanTest, DeclaredGunicornServesTheAppAndThePlanSaysWhy)
{
  write("app.py", "from flask import Flask\napp = Flask(__name__)\n");
  write("requirements.txt", "Flask==2.2.2\ngunicorn==20.1.0\n");
  auto built = plan();
  EXPECT_EQ(built.changes.entrypoint, python::launch_module("gunicorn", {"-b", "0.0.0.0:8000", "app:app"}));
  EXPECT_EQ(built.changes.exposed_ports, std::vector<std::string>{"8000"});
  auto text = format_plan(built);
  EXPECT_NE(text.find("(Flask app `app` in app.py; served by gunicorn: gunicorn is in requirements.txt)"),
            std::string::npos)
    << text;

  SettingsLayer requirements;
  write("dev.txt", "flask\n");
  requirements.requirements = "dev.txt";
  EXPECT_EQ(plan(requirements).changes.entrypoint,
            python::launch_module("flask", {"--app", "app:app", "run", "--host", "0.0.0.0", "--port", "5000"}));
}

TEST_F(PlanTest, PoetryDependenciesCountForTheServer)
{
  write("pyproject.toml", "[tool.poetry]\nname = \"svc\"\nversion = \"0.1.0\"\n\n[tool.poetry.dependencies]\n"
                          "python = \"^3.11\"\nfastapi = \"^0.92\"\nuvicorn = {version = \"^0.17\", extras = [\"standard\"]}\n"
                          "gunicorn = \"^20.1\"\n");
  write("svc/__init__.py", "");
  write("svc/main.py", "from fastapi import FastAPI\napp = FastAPI()\n");
  auto built = plan();
  EXPECT_EQ(built.changes.entrypoint, python::launch_module("gunicorn", {"-k", "uvicorn.workers.UvicornWorker", "-b",
                                                                         "0.0.0.0:8000", "svc.main:app"}));
  EXPECT_NE(format_plan(built).find("gunicorn is in pyproject.toml [tool.poetry.dependencies], uvicorn in pyproject.toml "
                                    "[tool.poetry.dependencies]"),
            std::string::npos);
}

TEST_F(PlanTest, TheEntrypointsEnvironmentUnlessSetOtherwise)
{
  write("manage.py", "import sys\nfrom django.core.management import execute_from_command_line\n"
                     "execute_from_command_line(sys.argv)\n");
  write("site/__init__.py", "");
  write("site/settings.py", "");
  write("site/urls.py", "");
  EXPECT_EQ(env_value(plan(), "DJANGO_SETTINGS_MODULE"), "site.settings");

  SettingsLayer own;
  own.env = {{"DJANGO_SETTINGS_MODULE", "site.settings_prod"}};
  auto built = plan(own);
  EXPECT_EQ(env_value(built, "DJANGO_SETTINGS_MODULE"), "site.settings_prod");
  EXPECT_EQ(std::count_if(built.changes.env.begin(), built.changes.env.end(),
                          [](const auto& item) { return item.first == "DJANGO_SETTINGS_MODULE"; }),
            1);
}

} // namespace
} // namespace pycontainer::project
