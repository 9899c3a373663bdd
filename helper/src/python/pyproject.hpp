#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pycontainer::python {

// The parts of a PEP 621 pyproject.toml that shape an image.
struct PyProject {
  std::filesystem::path file;
  std::string name;
  std::string version;
  std::string requires_python; // as written: ">=3.11"
  std::string description;
  std::string license;         // `license = "MIT"`, `license = {text = "MIT"}` or `{file = ...}` -> file name
  std::vector<std::pair<std::string, std::string>> scripts; // [project.scripts], in file order
  std::vector<std::string> dependencies;
  std::map<std::string, std::string> urls;
};

// Reads `<context>/pyproject.toml`; nullopt when there is none. A file that is not valid TOML, or whose
// [project] fields have the wrong types, throws UsageError "path:line:column: what is wrong".
std::optional<PyProject> load_pyproject(const std::filesystem::path& context);

// "X.Y" of the lowest Python version `requires_python` admits (">=3.11" -> "3.11", "~=3.10" ->
// "3.10", "==3.12.*" -> "3.12"); nullopt when it names no lower bound.
std::optional<std::string> minimum_python_version(const std::string& requires_python);

// What is wrong with a requires-python value that is not a list of PEP 440 version specifiers; nullopt
// when it is one.
std::optional<std::string> requires_python_problem(const std::string& requires_python);

} // namespace pycontainer::python
