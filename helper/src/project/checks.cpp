#include "project/checks.hpp"

#include "python/pyproject.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <filesystem>

namespace pycontainer::project {


bool checks_requires_python(const BuildPlan& plan)
{
  return !plan.ignore_requires_python && plan.project && !plan.project->requires_python.empty();
}

void check_requires_python(const BuildPlan& plan, const deps::BasePython& base)
{
  if (!checks_requires_python(plan) || base.version.empty()) {
    return;
  }
  const auto& requires_python = plan.project->requires_python;
  const auto& version = base.full_version.empty() ? base.version : base.full_version;
  if (python::python_admits(requires_python, version).value_or(true)) {
    return;
  }
  std::string fix = "use a base with a Python it admits";
  auto minimum = python::minimum_python_version(requires_python);
  if (minimum && python::python_admits(">=" + *minimum, version) == false) {
    fix = "use a base with Python " + *minimum + " or later (e.g. --base-image python:" + *minimum + "-slim)";
  }
  throw UsageError("requires-python \"" + requires_python + "\" (" + plan.project->requires_python_origin +
                   ") excludes the base's Python " + version + " (" + plan.base_argument + "): " + fix +
                   ", or pass --ignore-requires-python (ignore_requires_python = true in the configuration)");
}

void report_no_dependencies(const BuildPlan& plan)
{
  std::string searched = "no lock file, virtualenv (.venv, venv, env), requirements.txt or [project.dependencies] in '" +
                         plan.context.string() + "'";
  if (!plan.project || plan.project->poetry_dependencies.empty()) {
    log::warn("include_deps: " + searched + ": the image has no dependency layers");
    return;
  }
  throw UsageError("include_deps: " + searched + ", but Poetry dependencies ([tool.poetry.dependencies] in " +
                   plan.project->file.string() + "), which only a lock pins: lock them (`poetry lock`, whose "
                   "poetry.lock pycontainer installs), export them (`poetry export -f requirements.txt -o "
                   "requirements.txt`, the poetry-plugin-export plugin), or make a .venv (`poetry config "
                   "virtualenvs.in-project true && poetry install`)");
}

} // namespace pycontainer::project
