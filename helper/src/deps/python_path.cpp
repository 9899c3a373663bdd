#include "deps/python_path.hpp"

#include "util/error.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <filesystem>
#include <regex>

namespace pycontainer::deps {

namespace {

constexpr std::string_view k_docker_default_path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::string parent_of(const std::string& path)
{
  return std::filesystem::path(path).parent_path().string();
}

// pyvenv.cfg: "key = value" lines.
std::optional<std::string> venv_setting(const std::string& config, std::string_view key)
{
  for (auto line : util::split(config, '\n')) {
    auto equals = line.find('=');
    if (equals != std::string_view::npos && util::trim(line.substr(0, equals)) == key) {
      return std::string(util::trim(line.substr(equals + 1)));
    }
  }
  return std::nullopt;
}

// X.Y of "3.11.2" or "3.11"; empty otherwise.
std::string major_minor(const std::string& version)
{
  static const std::regex k_version(R"(^(3\.[0-9]+)(\..*)?$)");
  std::smatch match;
  return std::regex_match(version, match, k_version) ? match[1].str() : "";
}

// The versions X.Y whose landmark lib/pythonX.Y/os.py is under `prefix`.
std::vector<std::string> landmark_versions(const FileView& view, const std::string& prefix)
{
  std::vector<std::string> versions;
  for (const auto& name : view.list(join_image_path(prefix, "lib"))) {
    auto version = name.starts_with("python") ? name.substr(6) : "";
    if (!version.empty() && major_minor(version) == version && view.is_file(join_image_path(prefix, "lib/" + name + "/os.py"))) {
      versions.push_back(name.substr(6));
    }
  }
  return versions;
}

// The platform tag of the interpreter's own extension modules: "_ssl.cpython-311-x86_64-linux-gnu.so".
std::string dynload_platform_tag(const FileView& view, const std::string& lib_dynload, const std::string& abi)
{
  for (const auto& name : view.list(lib_dynload)) {
    auto at = name.find(abi);
    if (at != std::string::npos && name.ends_with(".so") && at + abi.size() < name.size() - 3) {
      return name.substr(at + abi.size(), name.size() - 3 - at - abi.size());
    }
  }
  return "";
}

class SysPath {
public:
  explicit SysPath(const FileView& view) : m_view(view) {}

  void add(std::string path, std::string origin)
  {
    bool exists = m_view.is_directory(path);
    m_entries.push_back({std::move(path), std::move(origin), exists});
  }

  // A site directory and what its .pth files add (site.addsitedir).
  void add_site(const std::string& directory, const std::string& origin)
  {
    add(directory, origin);
    if (!m_entries.back().exists) {
      return;
    }
    for (const auto& name : m_view.list(directory)) {
      if (!name.ends_with(".pth") || name.starts_with(".")) {
        continue;
      }
      auto file = join_image_path(directory, name);
      auto content = m_view.content(file);
      if (!content) {
        continue;
      }
      for (auto line : util::split(*content, '\n')) {
        auto entry = util::trim(line);
        if (entry.empty() || entry.starts_with("#") || entry.starts_with("import ") || entry.starts_with("import\t")) {
          continue;
        }
        auto path = join_image_path(directory, entry);
        if (m_view.is_directory(path)) {
          add(path, file);
        }
      }
    }
  }

  std::vector<SysPathEntry> take() { return std::move(m_entries); }

private:
  const FileView& m_view;
  std::vector<SysPathEntry> m_entries;
};

} // namespace

std::string join_image_path(const std::string& directory, std::string_view name)
{
  return (std::filesystem::path(directory) / name).lexically_normal().string();
}

ImagePython find_image_python(const FileView& view, const PythonEnvironment& environment)
{
  ImagePython python;
  std::string path_variable = environment.path.value_or(std::string(k_docker_default_path));
  for (auto directory : util::split(path_variable, ':')) {
    if (directory.starts_with("/") && view.is_file(join_image_path(std::string(directory), "python3"))) {
      python.executable = join_image_path(std::string(directory), "python3");
      break;
    }
  }
  if (python.executable.empty()) {
    throw UsageError("the image has no python3 on its PATH (" + path_variable +
                     "): pick a base image with Python, or set PATH to the directory of its python3");
  }

  // A venv: pyvenv.cfg beside the interpreter or one directory up (getpath).
  std::string bin = parent_of(python.executable);
  std::optional<std::string> venv_config;
  for (const auto& directory : {bin, parent_of(bin)}) {
    if ((venv_config = view.content(join_image_path(directory, "pyvenv.cfg")))) {
      python.venv = directory;
      break;
    }
  }
  auto interpreter = view.resolve(python.executable)->first;
  std::string search_from = parent_of(interpreter);
  if (venv_config) {
    if (auto home = venv_setting(*venv_config, "home")) {
      search_from = *home;
    }
  }
  auto file_name = interpreter.substr(interpreter.rfind('/') + 1);
  python.version = file_name.starts_with("python") ? major_minor(file_name.substr(6)) : "";
  if (python.version.empty() && venv_config) {
    python.version = major_minor(venv_setting(*venv_config, "version").value_or(""));
  }
  for (std::string prefix = search_from;; prefix = parent_of(prefix)) {
    auto versions = landmark_versions(view, prefix);
    if (python.version.empty() && versions.size() == 1) {
      python.version = versions.front();
    }
    if (!python.version.empty() && std::find(versions.begin(), versions.end(), python.version) != versions.end()) {
      python.prefix = prefix;
      break;
    }
    if (prefix == "/") {
      throw UsageError("the image's python3 (" + python.executable + ", " + interpreter +
                       ") has no standard library: no lib/python" + (python.version.empty() ? "3.X" : python.version) +
                       "/os.py above " + search_from + "; pick a base image with a whole Python");
    }
  }

  SysPath path(view);
  std::string working_dir = environment.working_dir.empty() ? "/" : environment.working_dir;
  if (!environment.safe_path) {
    path.add(working_dir, "the working directory, as python3 -m and -c start");
  }
  for (auto entry : util::split(environment.pythonpath, ':')) {
    if (!entry.empty()) {
      path.add(join_image_path(working_dir, entry), "PYTHONPATH");
    }
  }
  auto stdlib = join_image_path(python.prefix, "lib/python" + python.version);
  path.add(stdlib, "the standard library");
  path.add(stdlib + "/lib-dynload", "the standard library's extension modules");
  bool system_site = true;
  if (!python.venv.empty()) {
    path.add_site(join_image_path(python.venv, "lib/python" + python.version + "/site-packages"), "the venv " + python.venv);
    system_site = util::to_lower(venv_setting(*venv_config, "include-system-site-packages").value_or("")) == "true";
  }
  if (system_site) {
    if (view.is_directory(join_image_path(python.prefix, "lib/python3/dist-packages"))) { // Debian's site.py
      path.add_site(join_image_path(python.prefix, "local/lib/python" + python.version + "/dist-packages"), "Debian's site-packages");
      path.add_site(join_image_path(python.prefix, "lib/python3/dist-packages"), "Debian's site-packages");
      path.add_site(join_image_path(python.prefix, "lib/python" + python.version + "/dist-packages"), "Debian's site-packages");
    } else {
      path.add_site(join_image_path(python.prefix, "lib/python" + python.version + "/site-packages"), "site-packages");
    }
  }
  python.sys_path = path.take();

  auto abi = ".cpython-" + python.version.substr(0, 1) + python.version.substr(2) + "-";
  auto tag = dynload_platform_tag(view, stdlib + "/lib-dynload", abi);
  python.extension_suffixes = {abi + (tag.empty() ? "*" : tag) + ".so", ".abi3.so", ".so"};
  return python;
}

} // namespace pycontainer::deps
