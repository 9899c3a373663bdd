#include "python/project_layout.hpp"

#include "python/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <system_error>

namespace fs = std::filesystem;

namespace pycontainer::python {

namespace {

// Directories that hold no application package even when they have an __init__.py.
constexpr std::array<std::string_view, 8> k_not_packages{"tests", "test",        "docs",         "build",
                                                         "dist",  "__pycache__", "node_modules", "site-packages"};

// Whether a .py file is in `directory` or below it (a PEP 420 namespace package has no __init__.py).
bool has_python_below(const fs::path& directory)
{
  std::error_code error;
  for (fs::recursive_directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".py" && file_exists(it->path())) {
      return true;
    }
  }
  return false;
}

// Import names of the packages (directories with an __init__.py, or with `namespaces` any holding
// Python code: PEP 420 namespace packages) directly inside `directory`, sorted.
std::vector<std::string> packages_in(const fs::path& directory, bool namespaces = false)
{
  std::vector<std::string> packages;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    std::string name = it->path().filename().string();
    // Hidden directories and names such as "my-dir" cannot be imported.
    if (!is_identifier(name) || std::find(k_not_packages.begin(), k_not_packages.end(), name) != k_not_packages.end()) {
      continue;
    }
    bool package = file_exists(it->path() / "__init__.py") || (namespaces && has_python_below(it->path()));
    if (directory_exists(it->path()) && package && !file_exists(it->path() / "pyvenv.cfg")) {
      packages.push_back(name);
    }
  }
  std::sort(packages.begin(), packages.end());
  return packages;
}

bool has_python_files(const fs::path& directory)
{
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".py" && file_exists(it->path())) {
      return true;
    }
  }
  return false;
}

} // namespace

std::string import_name(std::string_view project_name)
{
  std::string name;
  for (char c : project_name) {
    name += (c == '-' || c == '.') ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return name;
}

bool is_identifier(std::string_view name)
{
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) {
    return false;
  }
  // Bytes >= 0x80 are let through: Python allows non-ASCII letters in identifiers.
  return std::all_of(name.begin(), name.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || std::isalnum(byte) || c == '_';
  });
}

ProjectLayout detect_layout(const fs::path& context, const PyProject* project)
{
  // Below src/ every directory of Python code is a package: namespace packages live there (acme/greet/).
  if (auto packages = packages_in(context / "src", true); !packages.empty()) {
    return {LayoutKind::src, {"src"}, std::move(packages)};
  }
  auto packages = packages_in(context);
  if (!packages.empty() && packages != std::vector<std::string>{"app"}) {
    return {LayoutKind::flat_package, {}, std::move(packages)};
  }
  if (directory_exists(context / "app") && (!packages.empty() || has_python_files(context / "app"))) {
    return {LayoutKind::app_directory, {}, {"app"}};
  }
  std::vector<std::string> modules{"main.py", "app.py"};
  if (project != nullptr && !project->name.empty()) {
    modules.push_back(import_name(project->name) + ".py");
  }
  for (const auto& module : modules) {
    if (file_exists(context / module)) {
      return {LayoutKind::single_module, {}, {}};
    }
  }
  return {};
}

const char* to_string(LayoutKind kind)
{
  switch (kind) {
  case LayoutKind::src:
    return "src";
  case LayoutKind::flat_package:
    return "flat package";
  case LayoutKind::app_directory:
    return "app directory";
  case LayoutKind::single_module:
    return "single module";
  case LayoutKind::workspace:
    return "workspace";
  case LayoutKind::unknown:
    break;
  }
  return "unknown";
}

} // namespace pycontainer::python
