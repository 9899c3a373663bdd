#include "python/entrypoint.hpp"

#include "python/app_detection.hpp"
#include "python/launcher.hpp"
#include "python/text.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/string.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <array>
#include <map>
#include <set>
#include <tuple>

namespace pycontainer::python {

namespace {

constexpr std::array<std::string_view, 5> k_app_file_names{"main.py", "app.py", "asgi.py", "wsgi.py",
                                                            "streamlit_app.py"};

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

bool is_dotted_name(std::string_view text)
{
  auto parts = util::split(text, '.');
  return std::all_of(parts.begin(), parts.end(), [](std::string_view part) { return is_identifier(part); });
}

struct Candidate {
  std::string path;
  std::string module;
};

// The files that may hold the app, best first: main.py, app.py, asgi.py, wsgi.py and streamlit_app.py at
// an import root or directly in a package (the project's own package first), then all others,
// shallower first, by path.
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
    Key key{1, parts.size(), 0, 0, path};
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

// The project's importable modules: "app.main" -> "app/main.py".
std::map<std::string, std::string> module_files(const std::vector<std::string>& python_files, const ProjectLayout& layout)
{
  std::map<std::string, std::string> modules;
  for (const auto& path : python_files) {
    if (auto module = module_name(path, layout)) {
      modules.emplace(std::move(*module), path);
    }
  }
  return modules;
}

// `imported` as `from IMPORTED import x` in `module` (a package's __init__ when `is_package`) means it:
// ".factory" in "app.main" -> "app.factory".
std::string absolute_module(std::string_view imported, const std::string& module, bool is_package)
{
  std::size_t dots = imported.find_first_not_of('.');
  dots = dots == std::string_view::npos ? imported.size() : dots;
  if (dots == 0) {
    return std::string(imported);
  }
  std::string base = module;
  for (std::size_t level = is_package ? 1 : 0; level < dots; ++level) {
    auto dot = base.rfind('.');
    base = dot == std::string::npos ? std::string() : base.substr(0, dot);
  }
  std::string_view rest = imported.substr(dots);
  return base.empty() ? std::string(rest) : rest.empty() ? base : base + "." + std::string(rest);
}

// `name` in the image's working directory.
std::string in_workdir(const std::string& workdir, const std::string& name)
{
  return workdir.empty() || workdir.ends_with('/') ? workdir + name : workdir + "/" + name;
}

const std::string* declared_in(const DeclaredDistributions& declared, const char* name)
{
  auto found = declared.find(name);
  return found == declared.end() ? nullptr : &found->second;
}

// gunicorn's address for a port.
std::string bind_all(int port)
{
  return "0.0.0.0:" + std::to_string(port);
}

// The command serving a FastAPI or Flask app, and why that server. The port is the app's own, else the
// server's default (Flask's development server 5000, gunicorn and uvicorn 8000).
Entrypoint object_server(const AppObject& app, const Candidate& candidate, const DeclaredDistributions& declared)
{
  bool fastapi = app.framework == WebFramework::fastapi;
  const std::string* gunicorn = declared_in(declared, "gunicorn");
  const std::string* uvicorn = declared_in(declared, "uvicorn");
  int port = app.port.value_or(fastapi || gunicorn != nullptr ? 8000 : 5000);
  std::string target = candidate.module + ":" + app.variable;
  std::string gunicorn_target = target + (app.factory ? "()" : "");
  Entrypoint entrypoint{{}, std::string(fastapi ? "FastAPI" : "Flask") + (app.factory ? " app factory `" : " app `"),
                        to_string(app.framework), port, {}};
  entrypoint.reason += app.variable + "`" + (app.built_by.empty() ? "" : " (made by " + app.built_by + "())") + " in "
                       + candidate.path;
  if (app.port) {
    entrypoint.reason += ", port " + std::to_string(port) + " from its " + app.port_call;
  }
  if (fastapi && gunicorn != nullptr && uvicorn != nullptr) {
    entrypoint.argv =
      launch_module("gunicorn", {"-k", "uvicorn.workers.UvicornWorker", "-b", bind_all(port), gunicorn_target});
    entrypoint.reason += "; served by gunicorn with uvicorn's workers: gunicorn is in " + *gunicorn + ", uvicorn in " + *uvicorn;
  } else if (fastapi) {
    std::vector<std::string> arguments{target, "--host", "0.0.0.0", "--port", std::to_string(port)};
    if (app.factory) {
      arguments.push_back("--factory");
    }
    entrypoint.argv = launch_module("uvicorn", arguments);
    entrypoint.reason += uvicorn != nullptr ? "; served by uvicorn: uvicorn is in " + *uvicorn : "; served by uvicorn";
  } else if (gunicorn != nullptr) {
    entrypoint.argv = launch_module("gunicorn", {"-b", bind_all(port), gunicorn_target});
    entrypoint.reason += "; served by gunicorn: gunicorn is in " + *gunicorn;
  } else {
    // Flask's --app calls a factory it is given.
    entrypoint.argv = launch_module("flask", {"--app", target, "run", "--host", "0.0.0.0", "--port", std::to_string(port)});
    entrypoint.reason += "; Flask's development server (no gunicorn in the dependencies)";
  }
  return entrypoint;
}

// [server] port of the .streamlit/config.toml Streamlit reads from its working directory (the context's).
std::optional<int> streamlit_config_port(const std::filesystem::path& context)
{
  auto file = context / ".streamlit" / "config.toml";
  if (!file_exists(file)) {
    return std::nullopt;
  }
  try {
    auto port = toml::parse(util::read_file(file), file.string())["server"]["port"].value<std::int64_t>();
    if (port && *port >= 1 && *port <= 65535) {
      return static_cast<int>(*port);
    }
  } catch (const toml::parse_error& error) {
    log::warn(file.string() + " is not valid TOML (" + std::string(error.description())
              + "): Streamlit's default port 8501 is used");
  }
  return std::nullopt;
}

std::optional<Entrypoint> web_app(const std::filesystem::path& context, const std::vector<std::string>& python_files,
                                  const ProjectLayout& layout, const std::string& project_package,
                                  const std::string& workdir, const DeclaredDistributions& declared)
{
  auto modules = module_files(python_files, layout);
  for (const auto& candidate : app_candidates(python_files, layout, project_package)) {
    bool is_package = candidate.path.ends_with("/__init__.py");
    FactoryLookup lookup = [&](std::string_view imported, std::string_view name) -> std::optional<WebFramework> {
      auto file = modules.find(absolute_module(imported, candidate.module, is_package));
      if (file == modules.end()) {
        return std::nullopt;
      }
      return find_factory(util::read_file(context / file->second), name);
    };
    auto app = find_app_object(util::read_file(context / candidate.path), lookup);
    if (!app) {
      continue;
    }
    if (app->framework == WebFramework::fastapi || app->framework == WebFramework::flask) {
      return object_server(*app, candidate, declared);
    }
    std::string script = in_workdir(workdir, candidate.path);
    std::string port_origin = app->port ? ", port from its " + app->port_call : std::string();
    if (app->framework == WebFramework::gradio) {
      int port = app->port.value_or(7860);
      return Entrypoint{launch_script(script), "Gradio app in " + candidate.path + port_origin, "gradio", port,
                        {{"GRADIO_SERVER_NAME", "0.0.0.0"}}};
    }
    auto configured = streamlit_config_port(context);
    int port = configured.value_or(8501);
    return Entrypoint{launch_module("streamlit", {"run", script, "--server.port", std::to_string(port), "--server.address",
                                                  "0.0.0.0"}),
                      "Streamlit script " + candidate.path
                        + (configured ? ", port from .streamlit/config.toml [server] port" : std::string()),
                      "streamlit", port, {}};
  }
  return std::nullopt;
}

// The settings module manage.py names: os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings").
// Empty when it names none, or not as a literal.
std::string settings_named_in(std::string_view manage)
{
  constexpr std::string_view k_variable = "DJANGO_SETTINGS_MODULE";
  auto at = manage.find(k_variable);
  if (at == std::string_view::npos) {
    return {};
  }
  std::size_t i = at + k_variable.size();
  i += i < manage.size() && (manage[i] == '"' || manage[i] == '\'') ? 1 : 0;
  auto open = manage.find_first_of("\"'\n)", i);
  if (open == std::string_view::npos || manage[open] == '\n' || manage[open] == ')') {
    return {};
  }
  auto close = manage.find(manage[open], open + 1);
  std::string_view value = manage.substr(open + 1, close == std::string_view::npos ? 0 : close - open - 1);
  return is_dotted_name(value) ? std::string(value) : std::string();
}

// A settings.py (or settings/__init__.py) whose directory also holds wsgi.py or urls.py: those with a
// wsgi.py first, then the shallowest, by path. Returns its module.
std::optional<std::string> find_settings_module(const std::map<std::string, std::string>& modules)
{
  using Key = std::tuple<int, std::size_t, std::string>;
  std::optional<std::pair<Key, std::string>> best;
  for (const auto& [module, path] : modules) {
    if (module != "settings" && !module.ends_with(".settings")) {
      continue;
    }
    std::string package = module.substr(0, module.size() - std::string_view("settings").size());
    bool wsgi = modules.contains(package + "wsgi");
    if (!wsgi && !modules.contains(package + "urls")) {
      continue;
    }
    Key key{wsgi ? 0 : 1, std::count(module.begin(), module.end(), '.'), path};
    if (!best || key < best->first) {
      best.emplace(std::move(key), module);
    }
  }
  return best ? std::optional(best->second) : std::nullopt;
}

// The WSGI module of a settings module: the nearest wsgi.py defining `application` in its package or
// one above ("config.settings.production" -> "config.wsgi").
std::optional<std::string> find_wsgi_module(const std::filesystem::path& context, const std::string& settings_module,
                                            const std::map<std::string, std::string>& modules)
{
  std::string package = settings_module;
  while (!package.empty()) {
    auto dot = package.rfind('.');
    package = dot == std::string::npos ? std::string() : package.substr(0, dot);
    std::string module = package.empty() ? "wsgi" : package + ".wsgi";
    auto file = modules.find(module);
    if (file != modules.end() && util::read_file(context / file->second).find("application") != std::string::npos) {
      return module;
    }
  }
  return std::nullopt;
}

std::optional<Entrypoint> django_project(const std::filesystem::path& context, const std::vector<std::string>& python_files,
                                         const ProjectLayout& layout, const std::string& workdir,
                                         const DeclaredDistributions& declared)
{
  if (std::find(python_files.begin(), python_files.end(), "manage.py") == python_files.end()) {
    return std::nullopt;
  }
  auto manage = util::read_file(context / "manage.py");
  auto modules = module_files(python_files, layout);
  bool named = manage.find("DJANGO_SETTINGS_MODULE") != std::string::npos;
  std::string settings = settings_named_in(manage);
  Entrypoint entrypoint{{}, "Django project: manage.py sets DJANGO_SETTINGS_MODULE", "django", 8000, {}};
  if (!settings.empty()) {
    entrypoint.reason += " (" + settings + ")";
  } else if (!named) {
    auto found = find_settings_module(modules);
    if (!found || manage.find("django") == std::string::npos) {
      return std::nullopt;
    }
    settings = *found;
    entrypoint.reason = "Django project: manage.py, settings in " + modules.at(settings)
                        + " (DJANGO_SETTINGS_MODULE=" + settings + " in the environment)";
    entrypoint.env.emplace_back("DJANGO_SETTINGS_MODULE", settings);
  }
  const std::string* gunicorn = declared_in(declared, "gunicorn");
  auto wsgi = gunicorn != nullptr && !settings.empty() ? find_wsgi_module(context, settings, modules) : std::nullopt;
  if (wsgi) {
    entrypoint.argv = launch_module("gunicorn", {"-b", bind_all(8000), *wsgi + ":application"});
    entrypoint.reason += "; served by gunicorn: gunicorn is in " + *gunicorn;
    return entrypoint;
  }
  entrypoint.argv = launch_script(in_workdir(workdir, "manage.py"), {"runserver", "0.0.0.0:8000"});
  entrypoint.reason += gunicorn != nullptr ? "; Django's development server (gunicorn is in " + *gunicorn
                                               + ", but no wsgi.py beside the settings)"
                                           : "; Django's development server (no gunicorn in the dependencies)";
  return entrypoint;
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
    return Entrypoint{launch_module(std::string(module)), reason, "", std::nullopt, {}};
  }
  return Entrypoint{launch_call(std::string(module), std::string(attribute)), reason, "", std::nullopt, {}};
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
  return Entrypoint{launch_module(best->second), "package `" + best->second + "` has " + path, "", std::nullopt, {}};
}

std::optional<Entrypoint> top_level_script(const std::set<std::string>& files, const std::string& workdir)
{
  for (const char* name : {"main.py", "app.py"}) {
    if (files.contains(name)) {
      return Entrypoint{launch_script(in_workdir(workdir, name)), std::string(name) + " at the top of the context", "",
                        std::nullopt, {}};
    }
  }
  return std::nullopt;
}

} // namespace

Entrypoint infer_entrypoint(const std::filesystem::path& context, const PyProject* project, const ProjectLayout& layout,
                            const std::vector<std::string>& python_files, const std::string& workdir,
                            const DeclaredDistributions& declared)
{
  std::string project_package = project != nullptr ? import_name(project->name) : std::string();
  std::set<std::string> files(python_files.begin(), python_files.end());

  if (auto found = django_project(context, python_files, layout, workdir, declared)) {
    return *found;
  }
  if (auto found = web_app(context, python_files, layout, project_package, workdir, declared)) {
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
                   + ": no FastAPI/Flask/Django/Gradio/Streamlit app, no console scripts ([project.scripts], [tool.poetry.scripts], "
                     "setup.cfg or setup.py), no __main__.py, main.py or app.py; set "
                     "one with --entrypoint, [project.scripts] in pyproject.toml, or entrypoint in [tool.pycontainer]");
}

} // namespace pycontainer::python
