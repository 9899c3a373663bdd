#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pycontainer::python {

// Where a project keeps a version it does not write in its metadata (PEP 621 `dynamic`, setup.cfg
// `attr:`/`file:`), for reading it without running code.
struct VersionPointer {
  enum class Kind {
    attribute,    // a module's string literal: "pkg.__version__" (setuptools `attr:`)
    file,         // a file's whole text: "VERSION" (setuptools `file:`)
    version_file, // the `__version__ = "..."` (or `VERSION`) literal in a file: "src/pkg/__about__.py" (Hatch, PDM)
    unreadable,   // known only by running a tool; `target` says which ("setuptools-scm")
  };
  Kind kind = Kind::unreadable;
  std::string target;
  std::string declared_in; // "[tool.hatch.version]", "setup.cfg [metadata]"
};

// The parts of a project's metadata that shape an image: PEP 621 pyproject.toml, with name, version and
// scripts taken from the first source that has them (see load_project) and where each came from.
struct PyProject {
  std::filesystem::path file; // pyproject.toml; empty when the project has none (setup.cfg or setup.py only)
  std::string name;
  std::string name_origin;    // for --dry-run: "pyproject.toml [project]", "setup.cfg [metadata]", ...
  std::string version;        // empty when no source gives one
  std::string version_origin; // "pyproject.toml [tool.poetry]", "src/pkg/__init__.py __version__, [tool.hatch.version]"
  std::optional<VersionPointer> version_pointer; // where a dynamic version is, when pyproject.toml says
  std::string requires_python; // as written: ">=3.11", or Poetry's "^3.10"
  std::string requires_python_origin; // "pyproject.toml [project] requires-python", "... [tool.poetry.dependencies] python"
  std::string description;
  std::string license;         // an SPDX expression (license.hpp), from the first source that gives one; else empty
  std::vector<std::string> authors; // "Name <email>", "Name" or "email": the authors, else the maintainers
  std::vector<std::pair<std::string, std::string>> scripts; // console scripts (name, "module:function"), in file order
  std::string scripts_origin = "[project.scripts]";         // "[tool.poetry.scripts]", ...
  std::vector<std::string> dependencies;
  std::vector<std::string> poetry_dependencies; // names in [tool.poetry.dependencies] besides python
  // Dependencies on directories of the project's (name, path relative to its directory): uv's
  // [tool.uv.sources] NAME = {path = ...}, Poetry's NAME = {path = ...}, PDM's "NAME @ file:///${PROJECT_ROOT}/DIR".
  std::vector<std::pair<std::string, std::string>> path_dependencies;
  std::vector<std::string> workspace_dependencies; // [tool.uv.sources] NAME = {workspace = true}
  // A uv workspace's root: [tool.uv.workspace] members and exclude (globs relative to its directory).
  std::optional<std::vector<std::string>> workspace_members;
  std::vector<std::string> workspace_exclude;
  std::map<std::string, std::string> urls;
  std::vector<std::filesystem::path> metadata_files; // every file read, for depfiles
};

// Reads `<context>/pyproject.toml`; nullopt when there is none. Name, version, scripts, license and
// authors come from [project], else Poetry 1.x's [tool.poetry] (the license: PEP 639's `license`
// string or `license-expression` when an SPDX expression, `{text = ...}` when of well-known ids, else
// the one license classifier; never `{file = ...}`); version_pointer from [tool.hatch.version], [tool.pdm.version],
// [tool.setuptools.dynamic] or setuptools-scm. A file that is not valid TOML, or whose fields have the
// wrong types, throws UsageError "path:line:column: what is wrong".
std::optional<PyProject> load_pyproject(const std::filesystem::path& context);

// "X.Y" of the lowest Python version `requires_python` admits (">=3.11" -> "3.11", "~=3.10" ->
// "3.10", "==3.12.*" -> "3.12", Poetry's "^3.10" -> "3.10"); nullopt when it names no lower bound.
std::optional<std::string> minimum_python_version(const std::string& requires_python);

// Whether `requires_python` (PEP 440 specifiers, or Poetry's constraints: "^3.10", "~3.10", "3.10",
// "*", alternatives joined by "||") admits Python `version` ("3.11.2"; a bare "3.11" is admitted when
// some 3.11.Z is). Pre-release suffixes are ignored. nullopt when either cannot be read.
std::optional<bool> python_admits(const std::string& requires_python, const std::string& version);

// What is wrong with a requires-python value that is not a list of PEP 440 version specifiers; nullopt
// when it is one.
std::optional<std::string> requires_python_problem(const std::string& requires_python);

} // namespace pycontainer::python
