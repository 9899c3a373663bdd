#include "project/checks.hpp"

#include "python/pyproject.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <array>
#include <filesystem>
#include <string_view>

namespace pycontainer::project {

namespace {

struct LockFile {
  std::string_view name;
  std::string_view export_command; // writes requirements.txt
  std::string_view venv_command;   // makes a .venv in the project
};

constexpr std::array<LockFile, 5> k_lock_files{{
  {"uv.lock", "uv export --format requirements-txt --no-hashes -o requirements.txt", "uv sync"},
  {"poetry.lock", "poetry export -f requirements.txt -o requirements.txt (the poetry-plugin-export plugin)",
   "poetry config virtualenvs.in-project true && poetry install"},
  {"pdm.lock", "pdm export -o requirements.txt --without-hashes", "pdm venv create && pdm install"},
  {"Pipfile.lock", "pipenv requirements > requirements.txt", "PIPENV_VENV_IN_PROJECT=1 pipenv sync"},
  {"pylock.toml", "uv export --format requirements-txt -o requirements.txt (in the project that wrote it)",
   "uv venv && uv pip install -r pylock.toml"},
}};

} // namespace

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
  std::string found;
  std::string fixes;
  for (const auto& lock : k_lock_files) {
    if (std::filesystem::exists(plan.context / lock.name)) {
      found += (found.empty() ? "" : ", ") + std::string(lock.name);
      fixes += "; for " + std::string(lock.name) + ": `" + std::string(lock.export_command) + "`, or `" +
               std::string(lock.venv_command) + "` for a .venv";
    }
  }
  if (found.empty() && plan.project && !plan.project->poetry_dependencies.empty()) {
    found = "Poetry dependencies ([tool.poetry.dependencies] in " + plan.project->file.string() + ")";
    fixes = "; `" + std::string(k_lock_files[1].export_command) + "`, or `" + std::string(k_lock_files[1].venv_command) +
            "` for a .venv";
  }
  std::string searched = "no virtualenv (.venv, venv, env), requirements.txt or [project.dependencies] in '" +
                         plan.context.string() + "'";
  if (found.empty()) {
    log::warn("include_deps: " + searched + ": the image has no dependency layers");
    return;
  }
  throw UsageError("include_deps: " + searched + ", but " + found +
                   ": pycontainer does not install from lock files yet (`--dry-run` lists what the lock would "
                   "install). Export the dependencies to a requirements.txt "
                   "in the project (or pass --requirements FILE), or make a virtualenv there (or pass --venv DIR)" +
                   fixes);
}

} // namespace pycontainer::project
