#include "deps/distributions.hpp"
#include "deps/lock_readers.hpp"

// uv.lock (uv's documentation, "The lockfile"): `version = 1`, then [[package]] tables:
//   name, version, source = {registry = URL | git = URL | url = URL | path = P | directory = P |
//   editable = P | virtual = P}, dependencies = [{name, marker?, extra = [..]?, version?, source?}],
//   sdist = {url | path, hash, size}, wheels = [{url | path | filename, hash, size}],
//   [package.optional-dependencies] EXTRA = [edges], [package.dev-dependencies] GROUP = [edges].
// The project is the package whose source is editable or virtual ".": the walk starts from it.
namespace pycontainer::deps::lock_readers {

namespace {

std::vector<LockedDependency> edges(const TomlFields& fields, const toml::table& table, std::string_view key)
{
  std::vector<LockedDependency> result;
  for (const auto* edge : fields.tables(table, key)) {
    LockedDependency dependency;
    dependency.name = normalise_name(fields.string(*edge, "name", true));
    dependency.marker = fields.string(*edge, "marker");
    dependency.version = fields.string(*edge, "version");
    for (const auto& extra : fields.strings(*edge, "extra")) {
      dependency.extras.push_back(normalise_name(extra));
    }
    result.push_back(std::move(dependency));
  }
  return result;
}

std::map<std::string, std::vector<LockedDependency>> edge_groups(const TomlFields& fields, const toml::table& package,
                                                                 std::string_view key)
{
  std::map<std::string, std::vector<LockedDependency>> groups;
  if (const auto* table = fields.subtable(package, key)) {
    for (const auto& [name, value] : *table) {
      (void)value;
      groups[normalise_name(name.str())] = edges(fields, *table, name.str());
    }
  }
  return groups;
}

LockedFile uv_file_of(const TomlFields& fields, const toml::table& table)
{
  auto file = located_file(fields, table, "filename");
  if (auto hash = fields.string(table, "hash"); !hash.empty()) {
    file.hashes.push_back(hash);
  }
  return file;
}

} // namespace

Lock read_uv(const TomlFields& fields, const toml::table& root)
{
  auto version = root["version"].value<std::int64_t>();
  if (!version) {
    fields.fail(root, "no `version = 1` at the top: this is not a uv.lock uv writes; run `uv lock`");
  }
  if (*version != 1) {
    fields.fail(*root.get("version"), "uv.lock version " + std::to_string(*version) +
                                          " is not read by this pycontainer (it reads version 1): lock with a uv "
                                          "that writes version 1, or export with `uv export --format pylock.toml`");
  }
  Lock lock;
  lock.file = fields.file();
  lock.format = LockFormat::uv;
  lock.walked = true;
  for (const auto* table : fields.tables(root, "package")) {
    LockedPackage package;
    package.name = normalise_name(fields.string(*table, "name", true));
    package.version = fields.string(*table, "version");
    package.where = fields.at(*table);
    bool project = false;
    if (const auto* source = fields.subtable(*table, "source")) {
      for (const char* kind : {"registry", "git", "url", "path", "directory", "editable", "virtual"}) {
        if (auto value = fields.string(*source, kind); !value.empty()) {
          package.source = std::string(kind) + " " + value;
          std::string_view name = kind;
          package.local = name == "directory" || name == "editable" || name == "virtual";
          project = (name == "editable" || name == "virtual") && value == ".";
        }
      }
    }
    package.dependencies = edges(fields, *table, "dependencies");
    package.extras = edge_groups(fields, *table, "optional-dependencies");
    if (const auto* sdist = fields.subtable(*table, "sdist")) {
      package.sdists.push_back(uv_file_of(fields, *sdist));
    }
    for (const auto* wheel : fields.tables(*table, "wheels")) {
      package.wheels.push_back(uv_file_of(fields, *wheel));
    }
    if (project) {
      lock.roots.push_back({package.name, "", "", package.version, {}});
      lock.root_extras = package.extras;
      lock.root_groups = edge_groups(fields, *table, "dev-dependencies");
    }
    lock.packages.push_back(std::move(package));
  }
  if (lock.roots.empty()) {
    for (const auto& package : lock.packages) {
      if (package.source.starts_with("editable ") || package.source.starts_with("virtual ")) {
        lock.roots.push_back({package.name, "", "", package.version, {}});
      }
    }
  }
  if (lock.roots.empty() && !lock.packages.empty()) {
    fields.fail("no package of the project (source editable or virtual \".\"): this lock cannot say what the project "
                "requires; run `uv lock` in the project");
  }
  return lock;
}

} // namespace pycontainer::deps::lock_readers
