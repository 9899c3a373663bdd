#include "deps/declared.hpp"
#include "deps/distributions.hpp"
#include "deps/lock_readers.hpp"
#include "util/error.hpp"

// poetry.lock (Poetry's documentation; lock-version 1.1 to 2.1): [[package]] tables with name, version,
// files = [{file, hash}] ([metadata.files] NAME = [...] before 2.0), [package.source] {type = legacy |
// directory | file | url | git, url, reference}, [package.dependencies] NAME = "constraint" | {version,
// markers, python, optional, extras} | [tables], [package.extras] EXTRA = ["name (>=1)", ...]. The lock
// names no URLs for index files. What the project requires is in pyproject.toml beside it:
// [tool.poetry.dependencies] (less python), Poetry 2's [project.dependencies], the groups
// [tool.poetry.group.G.dependencies] and the older [tool.poetry.dev-dependencies] ("dev"), and the
// optional dependencies by [tool.poetry.extras].
namespace pycontainer::deps::lock_readers {

namespace {

// One `NAME = ...` entry of a dependency table: its edges, and whether it is optional.
std::vector<std::pair<LockedDependency, bool>> poetry_edges(const TomlFields& fields, std::string_view name,
                                                            const toml::node& value)
{
  std::vector<std::pair<LockedDependency, bool>> result;
  auto one = [&](const toml::node& node) {
    LockedDependency dependency;
    dependency.name = normalise_name(name);
    bool optional = false;
    if (const auto* constraint = node.as_string()) {
      dependency.version = constraint->get();
    } else if (const auto* table = node.as_table()) {
      dependency.version = fields.string(*table, "version");
      dependency.marker = fields.string(*table, "markers");
      dependency.python = fields.string(*table, "python");
      optional = table->get("optional") && table->get("optional")->value<bool>().value_or(false);
      for (const auto& extra : fields.strings(*table, "extras")) {
        dependency.extras.push_back(normalise_name(extra));
      }
    } else {
      fields.fail(node, "dependency `" + std::string(name) + "` must be a constraint string or a table");
    }
    result.emplace_back(std::move(dependency), optional);
  };
  if (const auto* alternatives = value.as_array()) {
    for (const auto& alternative : *alternatives) {
      one(alternative);
    }
  } else {
    one(value);
  }
  return result;
}

// A Poetry dependency table: the edges, optional ones in `optional` (when given) instead.
std::vector<LockedDependency> dependency_table(const TomlFields& fields, const toml::table* table,
                                               std::vector<LockedDependency>* optional = nullptr)
{
  std::vector<LockedDependency> result;
  if (table == nullptr) {
    return result;
  }
  for (const auto& [name, value] : *table) {
    if (name.str() == "python") {
      continue;
    }
    for (auto& [dependency, is_optional] : poetry_edges(fields, name.str(), value)) {
      if (!is_optional) {
        result.push_back(std::move(dependency));
      } else if (optional) {
        optional->push_back(std::move(dependency));
      }
    }
  }
  return result;
}

// The optional dependencies `extras` (EXTRA = [requirement strings]) selects, out of `optional`.
std::map<std::string, std::vector<LockedDependency>> extras_of(const TomlFields& fields, const toml::table* extras,
                                                               const std::vector<LockedDependency>& optional)
{
  std::map<std::string, std::vector<LockedDependency>> result;
  if (extras == nullptr) {
    return result;
  }
  for (const auto& [extra, value] : *extras) {
    (void)value;
    auto& into = result[normalise_name(extra.str())];
    for (const auto& requirement : fields.strings(*extras, extra.str())) {
      auto name = requirement_name(requirement);
      for (const auto& dependency : optional) {
        if (name && dependency.name == *name) {
          into.push_back(dependency);
        }
      }
    }
  }
  return result;
}

void read_project(Lock& lock, const std::filesystem::path& pyproject)
{
  TomlFields fields(pyproject);
  auto root = fields.parse();
  const auto* poetry = root["tool"]["poetry"].as_table();
  std::vector<LockedDependency> optional;
  if (poetry) {
    lock.roots = dependency_table(fields, fields.subtable(*poetry, "dependencies"), &optional);
    lock.root_extras = extras_of(fields, fields.subtable(*poetry, "extras"), optional);
    if (auto dev = dependency_table(fields, fields.subtable(*poetry, "dev-dependencies")); !dev.empty()) {
      lock.root_groups["dev"] = std::move(dev);
    }
    if (const auto* groups = fields.subtable(*poetry, "group")) {
      for (const auto& [group, value] : *groups) {
        const auto& table = fields.table(value, "[tool.poetry.group." + std::string(group.str()) + "]");
        auto& into = lock.root_groups[normalise_name(group.str())];
        auto more = dependency_table(fields, fields.subtable(table, "dependencies"));
        into.insert(into.end(), more.begin(), more.end());
      }
    }
  }
  read_project_requirements(fields, root, lock);
}

} // namespace

Lock read_poetry(const TomlFields& fields, const toml::table& root)
{
  auto lock_version = root["metadata"]["lock-version"].value<std::string>().value_or("1.0");
  if (!(lock_version.starts_with("1.") || lock_version.starts_with("2."))) {
    fields.fail("lock-version " + lock_version + " is not read by this pycontainer (it reads 1.x and 2.x): "
                "export with `poetry export -f requirements.txt` (hashes included) and pass that with --lock");
  }
  Lock lock;
  lock.file = fields.file();
  lock.format = LockFormat::poetry;
  lock.walked = true;
  const auto* legacy_files = root["metadata"]["files"].as_table();
  for (const auto* table : fields.tables(root, "package")) {
    LockedPackage package;
    auto written_name = fields.string(*table, "name", true);
    package.name = normalise_name(written_name);
    package.version = fields.string(*table, "version", true);
    package.where = fields.at(*table);
    std::string source_url;
    package.source = "index pypi";
    if (const auto* source = fields.subtable(*table, "source")) {
      auto type = fields.string(*source, "type");
      source_url = fields.string(*source, "url");
      package.source = (type == "legacy" ? "index" : type) + " " + source_url;
      package.local = type == "directory";
    }
    std::vector<const toml::table*> files = fields.tables(*table, "files");
    if (files.empty() && legacy_files) {
      for (const auto& [name, value] : *legacy_files) {
        (void)value;
        if (normalise_name(name.str()) == package.name) {
          files = fields.tables(*legacy_files, name.str());
        }
      }
    }
    for (const auto* entry : files) {
      LockedFile file;
      file.name = fields.string(*entry, "file", true);
      if (package.source.starts_with("url ") || package.source.starts_with("file ")) {
        (package.source.starts_with("url ") ? file.url : file.path) = source_url;
      }
      if (auto hash = fields.string(*entry, "hash"); !hash.empty()) {
        file.hashes.push_back(hash);
      }
      add_file(package, std::move(file));
    }
    std::vector<LockedDependency> optional;
    package.dependencies = dependency_table(fields, fields.subtable(*table, "dependencies"), &optional);
    package.extras = extras_of(fields, fields.subtable(*table, "extras"), optional);
    lock.packages.push_back(std::move(package));
  }
  auto pyproject = fields.file().parent_path() / "pyproject.toml";
  if (!std::filesystem::is_regular_file(pyproject)) {
    fields.fail("has no pyproject.toml beside it, which says what the project requires (and its groups): "
                "keep poetry.lock with its pyproject.toml");
  }
  read_project(lock, pyproject);
  return lock;
}

} // namespace pycontainer::deps::lock_readers
