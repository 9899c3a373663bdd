#include "python/pyproject.hpp"

#include "python/license.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/string.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <system_error>
#include <tuple>

namespace pycontainer::python {

namespace {

// PDM's dependency on a directory of the project: "lib @ file:///${PROJECT_ROOT}/packages/lib" ->
// {"lib", "packages/lib"}.
std::optional<std::pair<std::string, std::string>> project_root_path(std::string_view dependency)
{
  constexpr std::string_view k_root = "file:///${PROJECT_ROOT}/";
  auto at = dependency.find('@');
  auto url = at == std::string_view::npos ? std::string_view() : util::trim(dependency.substr(at + 1));
  if (!url.starts_with(k_root)) {
    return std::nullopt;
  }
  std::string_view name = util::trim(dependency.substr(0, at));
  name = name.substr(0, name.find('['));
  return std::pair{std::string(util::trim(name)), std::string(url.substr(k_root.size()))};
}

// Reads [project] of one pyproject.toml, turning type errors into "path:line:column: ..." messages.
class ProjectReader {
public:
  explicit ProjectReader(std::string file) : m_file(std::move(file)) {}

  [[noreturn]] void fail(const toml::source_region& where, const std::string& what) const
  {
    throw UsageError(m_file + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column) + ": "
                     + what);
  }

  std::string string(const toml::node& node, const std::string& name) const
  {
    const auto* value = node.as_string();
    if (value == nullptr) {
      fail(node.source(), name + " must be a string");
    }
    return value->get();
  }

  const toml::table& table(const toml::node& node, const std::string& name) const
  {
    const auto* value = node.as_table();
    if (value == nullptr) {
      fail(node.source(), name + " must be a table");
    }
    return *value;
  }

  // [project].license: PEP 639's SPDX expression string, or the older `{text = ...}` (an expression only
  // when of well-known ids) or `{file = ...}` (a file name, no license id: empty).
  std::string license(const toml::node& node) const
  {
    if (node.is_string()) {
      std::string expression = string(node, "[project].license");
      return is_spdx_expression(expression) ? expression : std::string();
    }
    const char* const expected = "[project].license must be a string or a table with `text` or `file`";
    const auto* license = node.as_table();
    if (license == nullptr) {
      fail(node.source(), expected);
    }
    if (const auto* text = license->get("text")) {
      return known_spdx_expression(string(*text, "[project].license.text")).value_or("");
    }
    if (const auto* file = license->get("file")) {
      string(*file, "[project].license.file");
      return "";
    }
    fail(node.source(), expected);
  }

  // [project].authors and maintainers: tables of `name` and `email`, each optional.
  std::vector<std::string> people(const toml::node& node, const std::string& name) const
  {
    return array_of(node, name, "tables with `name` and `email`",
                    [this](const toml::node& item, const std::string& entry) -> std::optional<std::string> {
                      const auto& person = table(item, entry);
                      const auto* person_name = person.get("name");
                      const auto* email = person.get("email");
                      std::string text = person_name ? string(*person_name, entry + ".name") : std::string();
                      if (email) {
                        std::string address = string(*email, entry + ".email");
                        text = text.empty() ? address : text + " <" + address + ">";
                      }
                      return text.empty() ? std::nullopt : std::optional(text);
                    });
  }

  // The license from `license-expression` (early PEP 639, Hatch), else from the classifiers, when
  // `project` has none yet.
  void license_fallbacks(const toml::table& fields, const std::string& table_name, PyProject& project) const
  {
    if (const auto* value = fields.get("license-expression"); value != nullptr && project.license.empty()) {
      std::string expression = string(*value, table_name + ".license-expression");
      project.license = is_spdx_expression(expression) ? expression : std::string();
    }
    if (const auto* value = fields.get("classifiers"); value != nullptr && project.license.empty()) {
      project.license = classifiers_license(string_array(*value, table_name + ".classifiers")).value_or("");
    }
  }

  // What `read(entry name, value)` gives for each entry of a table, in file order (toml::table itself is
  // ordered by key); entries it gives nullopt for are left out.
  template <typename Read>
  std::vector<std::pair<std::string, std::string>> in_file_order(const toml::node& node, const std::string& name,
                                                                 Read read) const
  {
    std::vector<std::tuple<toml::source_position, std::string, std::string>> found;
    for (const auto& [key, value] : table(node, name)) {
      std::string key_name(key.str());
      if (std::optional<std::string> text = read(name + "." + key_name, value)) {
        found.emplace_back(value.source().begin, key_name, std::move(*text));
      }
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
    std::vector<std::pair<std::string, std::string>> result;
    for (auto& [position, key, value] : found) {
      result.emplace_back(std::move(key), std::move(value));
    }
    return result;
  }

  // The string values of a table, in file order.
  std::vector<std::pair<std::string, std::string>> string_table(const toml::node& node, const std::string& name) const
  {
    return in_file_order(node, name, [this](const std::string& entry, const toml::node& value) {
      return std::optional<std::string>(string(value, entry));
    });
  }

  // What `read(item, "name[i]")` gives for each item of an array of `what`; nullopt ones left out.
  template <typename Read>
  std::vector<std::string> array_of(const toml::node& node, const std::string& name, const std::string& what,
                                    Read read) const
  {
    const auto* array = node.as_array();
    if (array == nullptr) {
      fail(node.source(), name + " must be an array of " + what);
    }
    std::vector<std::string> result;
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (std::optional<std::string> text = read((*array)[i], name + "[" + std::to_string(i) + "]")) {
        result.push_back(std::move(*text));
      }
    }
    return result;
  }

  std::vector<std::string> string_array(const toml::node& node, const std::string& name) const
  {
    return array_of(node, name, "strings", [this](const toml::node& item, const std::string& entry) {
      return std::optional<std::string>(string(item, entry));
    });
  }

  // [tool.poetry.scripts]: `name = "module:function"`, `name = {callable = "..."}` (Poetry 1.0) or
  // `name = {reference = "...", type = "console"}` (1.2); a `type = "file"` script is no Python entry point.
  std::vector<std::pair<std::string, std::string>> poetry_scripts(const toml::node& node) const
  {
    return in_file_order(node, "[tool.poetry.scripts]",
                         [this](const std::string& entry, const toml::node& value) -> std::optional<std::string> {
                           if (value.is_string()) {
                             return string(value, entry);
                           }
                           const auto& script = table(value, entry);
                           if (const auto* callable = script.get("callable")) {
                             return string(*callable, entry + ".callable");
                           }
                           const auto* reference = script.get("reference");
                           if (reference == nullptr) {
                             fail(value.source(), entry + " must be a string or a table with `callable` or `reference`");
                           }
                           const auto* type = script.get("type");
                           if (type != nullptr && string(*type, entry + ".type") != "console") {
                             return std::nullopt;
                           }
                           return string(*reference, entry + ".reference");
                         });
  }

  // Poetry 1.x keeps name, version and scripts in [tool.poetry]; they count where [project] has none.
  void read_poetry(const toml::table& tool, PyProject& project) const
  {
    const toml::node* node = tool.get("poetry");
    if (node == nullptr) {
      return;
    }
    const toml::table& poetry = table(*node, "[tool.poetry]");
    if (const auto* value = poetry.get("name"); value != nullptr && project.name.empty()) {
      project.name = string(*value, "[tool.poetry].name");
      project.name_origin = "pyproject.toml [tool.poetry]";
    }
    if (const auto* value = poetry.get("version"); value != nullptr && project.version.empty()) {
      project.version = string(*value, "[tool.poetry].version");
      project.version_origin = "pyproject.toml [tool.poetry]";
    }
    if (const auto* value = poetry.get("scripts"); value != nullptr && project.scripts.empty()) {
      project.scripts = poetry_scripts(*value);
      project.scripts_origin = "[tool.poetry.scripts]";
    }
    // Poetry's license is an SPDX id ("MIT", "Proprietary"); authors are "Name <email>" strings.
    if (const auto* value = poetry.get("license"); value != nullptr && project.license.empty()) {
      std::string expression = string(*value, "[tool.poetry].license");
      project.license = is_spdx_expression(expression) ? expression : std::string();
    }
    license_fallbacks(poetry, "[tool.poetry]", project);
    for (const char* key : {"authors", "maintainers"}) {
      if (const auto* value = poetry.get(key); value != nullptr && project.authors.empty()) {
        project.authors = string_array(*value, std::string("[tool.poetry].") + key);
      }
    }
    for (auto [key, label] : {std::pair{"repository", "Repository"}, std::pair{"homepage", "Homepage"}}) {
      if (const auto* value = poetry.get(key)) {
        project.urls.emplace(label, string(*value, std::string("[tool.poetry].") + key));
      }
    }
    if (const auto* value = poetry.get("dependencies")) {
      read_poetry_dependencies(table(*value, "[tool.poetry.dependencies]"), project);
    }
  }

  // [tool.poetry.dependencies]: `python` is the Python the project needs; the others are kept by name
  // (pip cannot install Poetry's constraints).
  void read_poetry_dependencies(const toml::table& dependencies, PyProject& project) const
  {
    for (const auto& [key, value] : dependencies) {
      if (key.str() != "python") {
        project.poetry_dependencies.emplace_back(key.str());
        const auto* source = value.as_table();
        if (const auto* path = source != nullptr ? source->get("path") : nullptr) {
          project.path_dependencies.emplace_back(key.str(), string(*path, "[tool.poetry.dependencies]." + std::string(key.str()) + ".path"));
        }
      } else if (project.requires_python.empty()) {
        project.requires_python = string(value, "[tool.poetry.dependencies].python");
        project.requires_python_origin = "pyproject.toml [tool.poetry.dependencies] python";
      }
    }
  }

  // Where a dynamic version is: Hatch's and PDM's version file, setuptools' attr/file, or setuptools-scm.
  std::optional<VersionPointer> version_pointer(const toml::table& tool) const
  {
    using Kind = VersionPointer::Kind;
    for (const char* backend : {"hatch", "pdm"}) {
      const auto* section = tool.get(backend);
      const auto* node = section != nullptr && section->is_table() ? section->as_table()->get("version") : nullptr;
      if (node == nullptr) {
        continue;
      }
      std::string name = std::string("[tool.") + backend + ".version]";
      const toml::table& version = table(*node, name);
      // Hatch's default source reads `path` with a regex; PDM's "file" source does the same.
      const std::string reads_path = backend == std::string_view("hatch") ? "regex" : "file";
      std::string source = reads_path;
      if (const auto* value = version.get("source")) {
        source = string(*value, name + ".source");
      }
      const auto* path = version.get("path");
      if (source == reads_path && path != nullptr) {
        return VersionPointer{Kind::version_file, string(*path, name + ".path"), name};
      }
      return VersionPointer{Kind::unreadable, name + " source = \"" + source + "\"", name};
    }
    // flit reads the version from the module it builds: [tool.flit.module] name, else the project's.
    const auto* flit = tool.get("flit");
    if (const auto* module = flit != nullptr && flit->is_table() ? flit->as_table()->get("module") : nullptr) {
      if (const auto* name = table(*module, "[tool.flit.module]").get("name")) {
        return VersionPointer{Kind::attribute, string(*name, "[tool.flit.module].name") + ".__version__",
                              "[tool.flit.module]"};
      }
    }
    const auto* setuptools = tool.get("setuptools");
    const auto* dynamic = setuptools != nullptr && setuptools->is_table() ? setuptools->as_table()->get("dynamic") : nullptr;
    if (const auto* version = dynamic != nullptr ? table(*dynamic, "[tool.setuptools.dynamic]").get("version") : nullptr) {
      const std::string name = "[tool.setuptools.dynamic] version";
      const toml::table& pointer = table(*version, name);
      if (const auto* attr = pointer.get("attr")) {
        return VersionPointer{Kind::attribute, string(*attr, name + ".attr"), "[tool.setuptools.dynamic] attr"};
      }
      if (const auto* file = pointer.get("file")) {
        auto paths = file->is_array() ? string_array(*file, name + ".file")
                                      : std::vector<std::string>{string(*file, name + ".file")};
        if (paths.empty()) {
          fail(file->source(), name + ".file names no file");
        }
        return VersionPointer{Kind::file, paths.front(), "[tool.setuptools.dynamic] file"};
      }
      fail(version->source(), name + " must be a table with `attr` or `file`");
    }
    if (tool.get("setuptools_scm") != nullptr || tool.get("setuptools-scm") != nullptr) {
      return VersionPointer{Kind::unreadable, "setuptools-scm", "[tool.setuptools_scm]"};
    }
    return std::nullopt;
  }

  void read(const toml::table& root, PyProject& project) const
  {
    read_project(root, project);
    const toml::node* tool = root.get("tool");
    if (tool == nullptr) {
      return;
    }
    const toml::table& tools = table(*tool, "[tool]");
    read_poetry(tools, project);
    read_uv(tools, project);
    project.version_pointer = version_pointer(tools);
  }

  // [tool.uv.workspace] members and exclude; [tool.uv.sources] entries that are local: {path = "..."}
  // or {workspace = true}.
  void read_uv(const toml::table& tool, PyProject& project) const
  {
    const auto* node = tool.get("uv");
    if (node == nullptr) {
      return;
    }
    const toml::table& uv = table(*node, "[tool.uv]");
    if (const auto* workspace_node = uv.get("workspace")) {
      const toml::table& workspace = table(*workspace_node, "[tool.uv.workspace]");
      project.workspace_members.emplace();
      if (const auto* members = workspace.get("members")) {
        project.workspace_members = string_array(*members, "[tool.uv.workspace].members");
      }
      if (const auto* exclude = workspace.get("exclude")) {
        project.workspace_exclude = string_array(*exclude, "[tool.uv.workspace].exclude");
      }
    }
    const auto* sources_node = uv.get("sources");
    if (sources_node == nullptr) {
      return;
    }
    for (const auto& [key, value] : table(*sources_node, "[tool.uv.sources]")) {
      std::string name = "[tool.uv.sources]." + std::string(key.str());
      const auto* source = value.as_table(); // a list of sources per platform is no local directory
      if (source == nullptr) {
        continue;
      }
      if (const auto* path = source->get("path")) {
        project.path_dependencies.emplace_back(key.str(), string(*path, name + ".path"));
      } else if (const auto* workspace = source->get("workspace"); workspace != nullptr && workspace->value_or(false)) {
        project.workspace_dependencies.emplace_back(key.str());
      }
    }
  }

  void read_project(const toml::table& root, PyProject& project) const
  {
    const toml::node* node = root.get("project");
    if (node == nullptr) {
      return;
    }
    const toml::table& fields = table(*node, "[project]");
    auto field = [&](const char* key) { return fields.get(key); };
    auto name_of = [](const char* key) { return std::string("[project].") + key; };
    if (const auto* value = field("name")) {
      project.name = string(*value, name_of("name"));
      project.name_origin = "pyproject.toml [project]";
    }
    if (const auto* value = field("version")) {
      project.version = string(*value, name_of("version"));
      project.version_origin = "pyproject.toml [project]";
    }
    if (const auto* value = field("requires-python")) {
      project.requires_python = string(*value, name_of("requires-python"));
      project.requires_python_origin = "pyproject.toml [project] requires-python";
      if (auto problem = requires_python_problem(project.requires_python)) {
        fail(value->source(), name_of("requires-python") + ": " + *problem);
      }
    }
    if (const auto* value = field("description")) {
      project.description = string(*value, name_of("description"));
    }
    if (const auto* value = field("license")) {
      project.license = license(*value);
    }
    license_fallbacks(fields, "[project]", project);
    for (const char* key : {"authors", "maintainers"}) {
      if (const auto* value = field(key); value != nullptr && project.authors.empty()) {
        project.authors = people(*value, name_of(key));
      }
    }
    if (const auto* value = field("scripts")) {
      project.scripts = string_table(*value, "[project.scripts]");
    }
    if (const auto* value = field("dependencies")) {
      project.dependencies = string_array(*value, name_of("dependencies"));
      for (const auto& dependency : project.dependencies) {
        if (auto path = project_root_path(dependency)) {
          project.path_dependencies.push_back(std::move(*path));
        }
      }
    }
    if (const auto* value = field("urls")) {
      for (auto& [key, url] : string_table(*value, "[project.urls]")) {
        project.urls.emplace(std::move(key), std::move(url));
      }
    }
  }

private:
  std::string m_file;
};

} // namespace

std::optional<PyProject> load_pyproject(const std::filesystem::path& context)
{
  PyProject project;
  project.file = context / "pyproject.toml";
  std::error_code error;
  auto status = std::filesystem::status(project.file, error);
  if (!std::filesystem::exists(status)) {
    return std::nullopt;
  }
  if (std::filesystem::is_directory(status)) {
    throw UsageError("'" + project.file.string() + "' is a directory, not a pyproject.toml file; remove or rename it");
  }
  std::string content = util::read_file(project.file);
  ProjectReader reader(project.file.string());
  toml::table root;
  try {
    root = toml::parse(content, project.file.string());
  } catch (const toml::parse_error& parse_error) {
    std::string description(parse_error.description());
    std::replace(description.begin(), description.end(), '\n', ' ');
    reader.fail(parse_error.source(), description);
  }
  reader.read(root, project);
  project.metadata_files.push_back(project.file);
  return project;
}

} // namespace pycontainer::python
