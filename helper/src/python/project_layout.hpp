#pragma once

#include "python/pyproject.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::python {

enum class LayoutKind {
  src,           // src/<package>/__init__.py
  flat_package,  // <package>/__init__.py at the top
  app_directory, // app/ (with or without __init__.py)
  single_module, // main.py / app.py / <name>.py at the top
  workspace,     // nothing at the top: the code is in workspace members (python/workspace.hpp)
  unknown,
};

struct ProjectLayout {
  LayoutKind kind = LayoutKind::unknown;
  // Context-relative directories the image's Python must search (PYTHONPATH): {"src"} for a src
  // layout, {} when the working directory is enough.
  std::vector<std::string> python_path;
  // Import names of the top-level packages found (for src: those under src/), sorted.
  std::vector<std::string> packages;
};

// Works out how the project's code is laid out. `project` may be null.
ProjectLayout detect_layout(const std::filesystem::path& context, const PyProject* project);

const char* to_string(LayoutKind kind);

// The import name a project name suggests: "My-App" -> "my_app" (lower case, '-' and '.' -> '_').
std::string import_name(std::string_view project_name);

// Whether `name` can be imported as a module or package name.
bool is_identifier(std::string_view name);

} // namespace pycontainer::python
