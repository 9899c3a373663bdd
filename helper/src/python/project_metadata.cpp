#include "python/project_metadata.hpp"

#include "python/ini_file.hpp"
#include "python/license.hpp"
#include "python/project_layout.hpp"
#include "python/setup_py.hpp"
#include "python/text.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <regex>

namespace pycontainer::python {

namespace fs = std::filesystem;

namespace {

// The string assigned to `name` at the top level of Python source: `__version__ = "1.2"` (also with a
// type annotation, or chained as setuptools-scm writes it: `__version__ = version = "1.2"`).
std::optional<std::string> assigned_string(std::string_view source, std::string_view name)
{
  const std::regex assignment("^" + std::string(name)
                              + R"(\s*(:[^=]*)?=\s*([A-Za-z_][A-Za-z0-9_]*\s*=\s*)*(['"])(.*?)\3)");
  for (std::string_view line : util::split(source, '\n')) {
    std::match_results<std::string_view::const_iterator> match;
    if (std::regex_search(line.begin(), line.end(), match, assignment)) {
      return match[4].str();
    }
  }
  return std::nullopt;
}

// "console = pkg.cli:main" -> {"console", "pkg.cli:main"}; `where` names the entry in the error.
std::pair<std::string, std::string> console_script(std::string_view entry, const std::string& where)
{
  std::size_t equals = entry.find('=');
  if (equals == std::string_view::npos) {
    throw UsageError(where + ": console_scripts entry '" + std::string(entry)
                     + "' is not `name = module:function`");
  }
  return {std::string(util::trim(entry.substr(0, equals))), std::string(util::trim(entry.substr(equals + 1)))};
}

// Reads the metadata a version pointer names into `project`; a failure leaves the reason in version_origin.
class VersionReader {
public:
  VersionReader(const fs::path& context, PyProject& project) : m_context(context), m_project(project) {}

  // Whether the version was found.
  bool read(const VersionPointer& pointer)
  {
    using Kind = VersionPointer::Kind;
    switch (pointer.kind) {
    case Kind::attribute:
      return read_attribute(pointer);
    case Kind::file:
      if (file_exists(m_context / pointer.target)) {
        return found(std::string(util::trim(read(pointer.target))), pointer.target + ", " + pointer.declared_in);
      }
      return missing("dynamic: " + pointer.target + " (" + pointer.declared_in + ") does not exist");
    case Kind::version_file:
      if (file_exists(m_context / pointer.target)) {
        std::string text = read(pointer.target);
        for (const char* name : {"__version__", "VERSION"}) {
          if (auto version = assigned_string(text, name)) {
            return found(*version, pointer.target + " " + name + ", " + pointer.declared_in);
          }
        }
      }
      return missing("dynamic: no __version__ literal in " + pointer.target + " (" + pointer.declared_in + ")");
    case Kind::unreadable:
      return missing("dynamic: " + pointer.target + " is not run to compute it");
    }
    return false;
  }

  // The `__version__` literal of the package or module named after the project, at the top or in src/.
  bool read_package_version()
  {
    if (m_project.name.empty()) {
      return false;
    }
    return read_module_string(import_name(m_project.name), "__version__", "");
  }

private:
  std::string read(const std::string& relative)
  {
    m_project.metadata_files.push_back(m_context / relative);
    return util::read_file(m_context / relative);
  }

  bool found(std::string version, std::string origin)
  {
    if (version.empty()) {
      return false;
    }
    m_project.version = std::move(version);
    m_project.version_origin = std::move(origin);
    return true;
  }

  bool missing(std::string reason)
  {
    m_project.version_origin = std::move(reason);
    return false;
  }

  // setuptools' `attr: pkg.mod.__version__`: the literal assigned to __version__ in pkg/mod.py or
  // pkg/mod/__init__.py, at the top or in src/ (a package_dir elsewhere is not followed).
  bool read_attribute(const VersionPointer& pointer)
  {
    std::size_t dot = pointer.target.rfind('.');
    if (dot == std::string::npos) {
      return missing("dynamic: " + pointer.declared_in + " '" + pointer.target + "' names no module");
    }
    std::string module = pointer.target.substr(0, dot);
    if (read_module_string(module, pointer.target.substr(dot + 1), ", " + pointer.declared_in)) {
      return true;
    }
    return missing("dynamic: no string literal for " + pointer.target + " (" + pointer.declared_in + ")");
  }

  bool read_module_string(const std::string& module, const std::string& attribute, const std::string& origin_suffix)
  {
    std::string path = module;
    std::replace(path.begin(), path.end(), '.', '/');
    for (const char* root : {"", "src/"}) {
      for (const std::string& file : {root + path + "/__init__.py", root + path + ".py"}) {
        if (!file_exists(m_context / file)) {
          continue;
        }
        if (auto version = assigned_string(read(file), attribute)) {
          return found(*version, file + " " + attribute + origin_suffix);
        }
      }
    }
    return false;
  }

  const fs::path& m_context;
  PyProject& m_project;
};

// The lines of a multi-line setup.cfg value, trimmed, blank ones left out.
std::vector<std::string> value_lines(const IniFile::Value& value)
{
  std::vector<std::string> lines;
  for (std::string_view line : util::split(value.text, '\n')) {
    if (!util::trim(line).empty()) {
      lines.emplace_back(util::trim(line));
    }
  }
  return lines;
}

// setup.cfg [metadata] license (license_expression; `license` only when of well-known SPDX ids; else the
// license classifier), author and author_email (else maintainer...), project_urls and url (the Homepage).
void fill_people_and_license(const IniFile& ini, PyProject& project)
{
  for (const char* key : {"license_expression", "license-expression"}) {
    if (const auto* value = ini.get("metadata", key); value != nullptr && project.license.empty() &&
                                                      is_spdx_expression(value->text)) {
      project.license = value->text;
    }
  }
  if (const auto* value = ini.get("metadata", "license"); value != nullptr && project.license.empty()) {
    project.license = known_spdx_expression(value->text).value_or("");
  }
  if (const auto* value = ini.get("metadata", "classifiers"); value != nullptr && project.license.empty()) {
    project.license = classifiers_license(value_lines(*value)).value_or("");
  }
  for (const std::string role : {"author", "maintainer"}) {
    const auto* name = ini.get("metadata", role);
    const auto* email = ini.get("metadata", role + "_email");
    if (!project.authors.empty() || (name == nullptr && email == nullptr)) {
      continue;
    }
    std::string text = name ? name->text : std::string();
    if (email) {
      text = text.empty() ? email->text : text + " <" + email->text + ">";
    }
    project.authors.push_back(std::move(text));
  }
  if (const auto* urls = ini.get("metadata", "project_urls")) {
    for (const auto& line : value_lines(*urls)) {
      if (auto equals = line.find('='); equals != std::string::npos) {
        project.urls.emplace(std::string(util::trim(std::string_view(line).substr(0, equals))),
                             std::string(util::trim(std::string_view(line).substr(equals + 1))));
      }
    }
  }
  if (const auto* url = ini.get("metadata", "url")) {
    project.urls.emplace("Homepage", url->text);
  }
}

// setup.cfg [metadata] and [options.entry_points]; a version given by `attr:` or `file:` becomes `pointer`.
void fill_from_setup_cfg(const fs::path& file, PyProject& project, std::optional<VersionPointer>& pointer)
{
  project.metadata_files.push_back(file);
  auto ini = IniFile::parse(util::read_file(file), file.string());
  if (const auto* name = ini.get("metadata", "name"); name != nullptr && project.name.empty()) {
    project.name = name->text;
    project.name_origin = "setup.cfg [metadata]";
  }
  if (const auto* version = ini.get("metadata", "version"); version != nullptr && project.version.empty()) {
    using Kind = VersionPointer::Kind;
    for (auto [prefix, kind] : {std::pair{"attr:", Kind::attribute}, std::pair{"file:", Kind::file}}) {
      if (version->text.starts_with(prefix)) {
        pointer = VersionPointer{kind, std::string(util::trim(std::string_view(version->text).substr(5))),
                                 std::string("setup.cfg [metadata] ") + prefix};
      }
    }
    if (!pointer) {
      project.version = version->text;
      project.version_origin = "setup.cfg [metadata]";
    }
  }
  fill_people_and_license(ini, project);
  const auto* scripts = ini.get("options.entry_points", "console_scripts");
  if (scripts != nullptr && project.scripts.empty()) {
    std::string where = file.string() + ":" + std::to_string(scripts->line);
    for (std::string_view line : util::split(scripts->text, '\n')) {
      project.scripts.push_back(console_script(line, where));
    }
    project.scripts_origin = "setup.cfg [options.entry_points] console_scripts";
  }
}

void fill_from_setup_py(const fs::path& file, PyProject& project)
{
  project.metadata_files.push_back(file);
  auto literals = read_setup_py(util::read_file(file));
  if (literals.name && project.name.empty()) {
    project.name = *literals.name;
    project.name_origin = "setup.py";
  }
  if (literals.version && project.version.empty()) {
    project.version = *literals.version;
    project.version_origin = "setup.py";
  }
  if (!literals.console_scripts.empty() && project.scripts.empty()) {
    for (const auto& entry : literals.console_scripts) {
      project.scripts.push_back(console_script(entry, file.string()));
    }
    project.scripts_origin = "setup.py entry_points console_scripts";
  }
}

} // namespace

std::optional<PyProject> load_project(const fs::path& context)
{
  auto project = load_pyproject(context);
  bool has_setup_cfg = file_exists(context / "setup.cfg");
  bool has_setup_py = file_exists(context / "setup.py");
  if (!project && !has_setup_cfg && !has_setup_py) {
    return std::nullopt;
  }
  if (!project) {
    project.emplace();
  }
  std::optional<VersionPointer> setup_cfg_pointer;
  if (has_setup_cfg) {
    fill_from_setup_cfg(context / "setup.cfg", *project, setup_cfg_pointer);
  }
  if (has_setup_py) {
    fill_from_setup_py(context / "setup.py", *project);
  }
  if (!project->version.empty()) {
    return project;
  }
  VersionReader reader(context, *project);
  for (const auto& pointer : {project->version_pointer, setup_cfg_pointer}) {
    if (pointer && reader.read(*pointer)) {
      return project;
    }
  }
  reader.read_package_version();
  return project;
}

} // namespace pycontainer::python
