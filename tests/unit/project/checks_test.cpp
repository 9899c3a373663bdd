#include "project/checks.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::project {
namespace {

BuildPlan plan_requiring(const std::string& requires_python, const std::string& origin)
{
  BuildPlan plan;
  plan.base_argument = "python:3.11-slim";
  plan.project.emplace();
  plan.project->requires_python = requires_python;
  plan.project->requires_python_origin = origin;
  return plan;
}

deps::BasePython python(const std::string& version, const std::string& full_version)
{
  deps::BasePython base;
  base.version = version;
  base.full_version = full_version;
  return base;
}

std::string error_of(const BuildPlan& plan, const deps::BasePython& base)
{
  try {
    check_requires_python(plan, base);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST(RequiresPythonCheckTest, AnExcludedBasePythonIsAnErrorNamingBothAndTheFixes)
{
  auto plan = plan_requiring(">=3.12", "pyproject.toml [project] requires-python");
  EXPECT_EQ(error_of(plan, python("3.11", "3.11.2")),
            "requires-python \">=3.12\" (pyproject.toml [project] requires-python) excludes the base's Python 3.11.2 "
            "(python:3.11-slim): use a base with Python 3.12 or later (e.g. --base-image python:3.12-slim), or pass "
            "--ignore-requires-python (ignore_requires_python = true in the configuration)");
  // Only X.Y known: the message names what is known.
  EXPECT_NE(error_of(plan, python("3.11", "")).find("excludes the base's Python 3.11 (python:3.11-slim)"),
            std::string::npos);
}

TEST(RequiresPythonCheckTest, ABaseAboveAnUpperBoundIsToldToUseOneItAdmits)
{
  auto plan = plan_requiring("^3.9", "pyproject.toml [tool.poetry.dependencies] python");
  plan.base_argument = "python:4.0";
  auto message = error_of(plan, python("4.0", "4.0.1"));
  EXPECT_NE(message.find("requires-python \"^3.9\" (pyproject.toml [tool.poetry.dependencies] python) excludes the "
                         "base's Python 4.0.1 (python:4.0): use a base with a Python it admits"),
            std::string::npos)
    << message;
}

TEST(RequiresPythonCheckTest, AnAdmittedOrUnknownPythonOrTheOverridePasses)
{
  auto plan = plan_requiring(">=3.11", "pyproject.toml [project] requires-python");
  EXPECT_EQ(error_of(plan, python("3.11", "3.11.2")), "");
  EXPECT_EQ(error_of(plan, python("", "")), ""); // a base without Python: the dependency checks speak
  auto newer = plan_requiring(">=3.12", "pyproject.toml [project] requires-python");
  EXPECT_TRUE(checks_requires_python(newer));
  newer.ignore_requires_python = true;
  EXPECT_FALSE(checks_requires_python(newer));
  EXPECT_EQ(error_of(newer, python("3.11", "3.11.2")), "");
  EXPECT_FALSE(checks_requires_python(BuildPlan{}));
}

class NoDependenciesTest : public test::TempDirTest {
protected:
  std::string error_of_report(const BuildPlan& plan)
  {
    try {
      report_no_dependencies(plan);
    } catch (const UsageError& error) {
      return error.what();
    }
    return "";
  }
};

TEST_F(NoDependenciesTest, NothingAtAllIsOnlyAWarning)
{
  BuildPlan plan;
  plan.context = dir();
  EXPECT_EQ(error_of_report(plan), "");
}

TEST_F(NoDependenciesTest, PoetryDependenciesWithoutALockFileAreAnError)
{
  BuildPlan plan;
  plan.context = dir();
  plan.project.emplace();
  plan.project->file = dir() / "pyproject.toml";
  plan.project->poetry_dependencies = {"fastapi"};
  auto message = error_of_report(plan);
  EXPECT_NE(message.find("but Poetry dependencies ([tool.poetry.dependencies] in " + (dir() / "pyproject.toml").string()),
            std::string::npos)
    << message;
  EXPECT_NE(message.find("poetry export"), std::string::npos) << message;
  EXPECT_NE(message.find("lock them (`poetry lock`"), std::string::npos) << message;
}

} // namespace
} // namespace pycontainer::project
