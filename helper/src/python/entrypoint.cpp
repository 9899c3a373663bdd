#include "python/entrypoint.hpp"

#include "python/app_detection.hpp"
#include "python/launcher.hpp"
#include "python/text.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

namespace pycontainer::python {

namespace {

constexpr std::array<std::string_view, 4> k_app_file_names{"main.py", "app.py", "asgi.py", "wsgi.py"};

// Tests and their fixtures often build an app of their own; they never are the entrypoint.
bool is_test_file(std::string_view path)
{
  auto parts = util::split(path, '/');
  std::string_view name = parts.back();
  if (name.starts_with("test_") || name.ends_with("_test.py") || name == "conftest.py") {
    return true;
  }
  parts.pop_back();
  return std::any_of(parts.begin(), parts.end(),
                     [](std::string_view part) { return part == "tests" || part == "test"; });
}

// `path` relative to its import root: "src/api/main.py" -> "api/main.py" in a src layout.
std::string_view below_import_root(std::string_view path, const ProjectLayout& layout)
{
  for (const auto& root : layout.python_path) {
    if (is_below(path, root)) {
      return path.substr(root.size() + 1);
    }
  }
  return path;
}

// "src/api/main.py" -> "api.main", "pkg/__init__.py" -> "pkg"; nullopt when Python cannot import it.
std::optional<std::string> module_name(std::string_view path, const ProjectLayout& layout)
{
  std::string_view module = below_import_root(path, layout);
  if (!module.ends_with(".py")) {
    return std::nullopt;
  }
  module.remove_suffix(3);
  if (module.ends_with("/__init__")) {
    module.remove_suffix(9);
  }
  std::string name;
  for (std::string_view part : util::split(module, '/')) {
    if (!is_identifier(part)) {
      return std::nullopt;
    }
    name += name.empty() ? "" : ".";
    name += part;
  }
  return name;
}

struct Candidate {
  std::string path;
  std::string module;
};

// The files that may hold the app, best first: main.py, app.py, asgi.py and wsgi.py at an import root
// or directly in a package (the project's own package first), then all others by path.
std::vector<Candidate> app_candidates(const std::vector<std::string>& python_files, const ProjectLayout& layout,
                                      const std::string& project_package)
{
  using Key = std::tuple<int, std::size_t, int, std::size_t, std::string>;
  std::vector<std::pair<Key, Candidate>> ranked;
  for (const auto& path : python_files) {
    auto module = module_name(path, layout);
    if (!module || is_test_file(path)) {
      continue;
    }
    auto parts = util::split(below_import_root(path, layout), '/');
    auto name = std::find(k_app_file_names.begin(), k_app_file_names.end(), parts.back());
    Key key{1, 0, 0, 0, path};
    if (name != k_app_file_names.end() && parts.size() <= 2) {
      bool own_package = parts.size() == 1 || parts.front() == project_package;
      key = {0, parts.size(), own_package ? 0 : 1, static_cast<std::size_t>(name - k_app_file_names.begin()), path};
    }
    ranked.emplace_back(std::move(key), Candidate{path, *module});
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Candidate> candidates;
  for (auto& [key, candidate] : ranked) {
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

std::optional<Entrypoint> web_app(const std::filesystem::path& context, const std::vector<std::string>& python_files,
                                  const ProjectLayout& layout, const std::string& project_package)
{
  for (const auto& candidate : app_candidates(python_files, layout, project_package)) {
    auto app = find_app_object(util::read_file(context / candidate.path));
    if (!app) {
      continue;
    }
    std::string target = candidate.module + ":" + app->variable;
    std::string what = std::string(app->factory ? " app factory `" : " app `") + app->variable + "` in " + candidate.path;
    if (app->framework == WebFramework::fastapi) {
      std::vector<std::string> arguments{target, "--host", "0.0.0.0", "--port", "8000"};
      if (app->factory) {
        arguments.push_back("--factory");
      }
      return Entrypoint{launch_module("uvicorn", arguments), "FastAPI" + what, "fastapi", 8000};
    }
    // Flask's --app calls a factory it is given.
    return Entrypoint{launch_module("flask", {"--app", target, "run", "--host", "0.0.0.0", "--port", "5000"}),
                      "Flask" + what, "flask", 5000};
  }
  return std::nullopt;
}

// `name` in the image's working directory.
std::string in_workdir(const std::string& workdir, const std::string& name)
{
  return workdir.empty() || workdir.ends_with('/') ? workdir + name : workdir + "/" + name;
}

std::optional<Entrypoint> django_project(const std::filesystem::path& context, const std::set<std::string>& files,
                                         const std::string& workdir)
{
  if (!files.contains("manage.py")
      || util::read_file(context / "manage.py").find("DJANGO_SETTINGS_MODULE") == std::string::npos) {
    return std::nullopt;
  }
  return Entrypoint{launch_script(in_workdir(workdir, "manage.py"), {"runserver", "0.0.0.0:8000"}),
                    "Django project: manage.py sets DJANGO_SETTINGS_MODULE",
                    "django",
                    8000};
}

bool is_dotted_name(std::string_view text)
{
  auto parts = util::split(text, '.');
  return std::all_of(parts.begin(), parts.end(), [](std::string_view part) { return is_identifier(part); });
}

// A console script ([project.scripts] or another source, named by `origin`): "pkg.mod:func" (or
// "pkg.mod:obj.method", extras "[x]" ignored) is called and its result becomes the exit status, as the
// console script pip writes would; "pkg.mod" is run with -m.
Entrypoint script_entrypoint(const std::string& name, const std::string& value, const std::string& origin)
{
  if (name.empty() || name.front() == '[' || name.find_first_of(" \t/=") != std::string::npos) {
    throw UsageError(origin + " name '" + name + "' is not a valid script name");
  }
  std::string_view reference = util::trim(value);
  if (auto extras = reference.find('['); extras != std::string_view::npos && reference.ends_with(']')) {
    reference = util::trim(reference.substr(0, extras));
  }
  std::size_t colon = reference.find(':');
  std::string_view module = util::trim(reference.substr(0, colon));
  std::string_view attribute = colon == std::string_view::npos ? std::string_view() : util::trim(reference.substr(colon + 1));
  if (!is_dotted_name(module) || (colon != std::string_view::npos && !is_dotted_name(attribute))) {
    throw UsageError(origin + " " + name + " = '" + value + "' is not a 'module' or 'module:function' reference");
  }
  std::string reason = "first " + origin + " entry: " + name + " = '" + value + "'";
  if (colon == std::string_view::npos) {
    return Entrypoint{launch_module(std::string(module)), reason, "", std::nullopt};
  }
  return Entrypoint{launch_call(std::string(module), std::string(attribute)), reason, "", std::nullopt};
}

// A package's __main__.py directly below an import root: the project's own package first, then the
// packages the layout found, then any other, by path.
std::optional<Entrypoint> package_main(const std::vector<std::string>& python_files, const ProjectLayout& layout,
                                       const std::string& project_package)
{
  using Key = std::tuple<int, int, std::string>;
  std::optional<std::pair<Key, std::string>> best;
  for (const auto& path : python_files) {
    auto parts = util::split(below_import_root(path, layout), '/');
    if (parts.size() != 2 || parts.back() != "__main__.py" || !is_identifier(parts.front())) {
      continue;
    }
    std::string package(parts.front());
    bool found_by_layout = std::find(layout.packages.begin(), layout.packages.end(), package) != layout.packages.end();
    Key key{package == project_package ? 0 : 1, found_by_layout ? 0 : 1, path};
    if (!best || key < best->first) {
      best.emplace(std::move(key), package);
    }
  }
  if (!best) {
    return std::nullopt;
  }
  const std::string& path = std::get<2>(best->first);
  return Entrypoint{launch_module(best->second), "package `" + best->second + "` has " + path, "", std::nullopt};
}

std::optional<Entrypoint> top_level_script(const std::set<std::string>& files, const std::string& workdir)
{
  for (const char* name : {"main.py", "app.py"}) {
    if (files.contains(name)) {
      return Entrypoint{launch_script(in_workdir(workdir, name)), std::string(name) + " at the top of the context", "",
                        std::nullopt};
    }
  }
  return std::nullopt;
}

} // namespace

Entrypoint infer_entrypoint(const std::filesystem::path& context, const PyProject* project, const ProjectLayout& layout,
                            const std::vector<std::string>& python_files, const std::string& workdir)
{
  std::string project_package = project != nullptr ? import_name(project->name) : std::string();
  std::set<std::string> files(python_files.begin(), python_files.end());

  if (auto found = web_app(context, python_files, layout, project_package)) {
    return *found;
  }
  if (auto found = django_project(context, files, workdir)) {
    return *found;
  }
  if (project != nullptr && !project->scripts.empty()) {
    const auto& [name, value] = project->scripts.front();
    return script_entrypoint(name, value, project->scripts_origin);
  }
  if (auto found = package_main(python_files, layout, project_package)) {
    return *found;
  }
  if (auto found = top_level_script(files, workdir)) {
    return *found;
  }
  throw UsageError("no entrypoint found in " + context.string()
                   + ": no FastAPI/Flask/Django app, no console scripts ([project.scripts], [tool.poetry.scripts], "
                     "setup.cfg or setup.py), no __main__.py, main.py or app.py; set "
                     "one with --entrypoint, [project.scripts] in pyproject.toml, or entrypoint in [tool.pycontainer]");
}

} // namespace pycontainer::python
