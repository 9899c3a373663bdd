#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The distributions a project declares, by name, read without pip, a network or running code: for
// choosing the server of its app (python/entrypoint.hpp), with or without include_deps. Every source
// counts, not only the one include_deps would install from, and a name keeps the first source naming it:
//   1. the requirements file (--requirements, else <context>/requirements.txt), then the production
//      requirements of a requirements/ folder (production.txt, prod.txt: djangoproject.com's and
//      cookiecutter-django's layout), each with the files its -r/-c lines include;
//   2. [project.dependencies] and [tool.poetry.dependencies];
//   3. a virtualenv (--venv, else .venv, venv or env in the context): the names of the *.dist-info and
//      *.egg-info directories in its site-packages.
// A source that cannot be read (a broken venv, a missing include) is skipped: what include_deps would
// report stays its to report.
namespace pycontainer::deps {

struct DeclarationSources {
  std::filesystem::path context;
  std::optional<std::filesystem::path> venv;         // --venv (absolute)
  std::optional<std::filesystem::path> requirements; // --requirements (absolute)
  std::vector<std::string> project_dependencies;     // [project.dependencies]: PEP 508 strings
  std::vector<std::string> poetry_dependencies;      // [tool.poetry.dependencies]: names
};

// PEP 503 name -> where it is declared: "requirements.txt", "pyproject.toml [project.dependencies]",
// "pyproject.toml [tool.poetry.dependencies]", "virtualenv .venv" (paths relative to the context).
std::map<std::string, std::string> declared_distributions(const DeclarationSources& sources);

// The PEP 503 name a PEP 508 requirement or requirements-file line names: "gunicorn>=20",
// "uvicorn[standard] ; python_version >= '3.8'", "Flask @ https://...". nullopt for options (-r,
// --index-url, -e), URLs, paths, comments and blank lines.
std::optional<std::string> requirement_name(std::string_view requirement);

} // namespace pycontainer::deps
