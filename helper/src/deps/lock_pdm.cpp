#include "deps/distributions.hpp"
#include "deps/lock_readers.hpp"

#include <algorithm>

// pdm.lock (PDM's documentation, "Lock file"; lock_version 4.x): [metadata] groups, strategy,
// lock_version; [[package]] name, version, groups, marker, dependencies = [PEP 508 strings], files =
// [{file | url, hash}], path/editable for the project's directories, and `extras = [..]` for an entry
// that stands for the package with those extras (its dependencies: the package itself and the extras').
// With the inherit_metadata strategy (PDM's default since 2.11) the lock is flat: a package applies
// when its marker holds and one of its groups is taken ("default" always). Older locks name neither,
// so they are walked from what pyproject.toml beside them requires, as PDM itself installs them.
namespace pycontainer::deps::lock_readers {

namespace {

bool inherits_metadata(const TomlFields& fields, const toml::table& metadata, const std::vector<const toml::table*>& packages)
{
  auto strategy = fields.strings(metadata, "strategy");
  return std::find(strategy.begin(), strategy.end(), "inherit_metadata") != strategy.end() ||
         std::any_of(packages.begin(), packages.end(),
                     [](const toml::table* table) { return table->contains("groups") || table->contains("marker"); });
}

// PEP 735's [dependency-groups] NAME = [requirement | {include-group = "OTHER"}], includes followed.
std::vector<LockedDependency> dependency_group(const TomlFields& fields, const toml::table& groups, std::string_view name,
                                               int depth = 0)
{
  const auto* entries = fields.array(groups, name);
  if (entries == nullptr) {
    fields.fail(groups, "[dependency-groups] has no group \"" + std::string(name) + "\" that another includes");
  }
  if (depth > 16) {
    fields.fail(groups, "[dependency-groups] includes group \"" + std::string(name) + "\" in a cycle");
  }
  std::vector<LockedDependency> edges;
  for (const auto& entry : *entries) {
    if (auto text = entry.value<std::string>()) {
      auto more = requirement_edges({*text});
      edges.insert(edges.end(), more.begin(), more.end());
    } else if (const auto* table = entry.as_table(); table && (*table)["include-group"].is_string()) {
      auto include = (*table)["include-group"].value<std::string>();
      auto more = dependency_group(fields, groups, *include, depth + 1);
      edges.insert(edges.end(), more.begin(), more.end());
    }
  }
  return edges;
}

// The roots of a walked PDM lock: [project] dependencies and extras, the groups of
// [tool.pdm.dev-dependencies] and [dependency-groups].
void read_pdm_project(Lock& lock, const std::filesystem::path& pyproject)
{
  TomlFields fields(pyproject);
  auto root = fields.parse();
  read_project_requirements(fields, root, lock);
  if (const auto* dev = root["tool"]["pdm"]["dev-dependencies"].as_table()) {
    for (const auto& [group, value] : *dev) {
      (void)value;
      auto& into = lock.root_groups[normalise_name(group.str())];
      auto more = requirement_edges(fields.strings(*dev, group.str()));
      into.insert(into.end(), more.begin(), more.end());
    }
  }
  if (const auto* groups = root["dependency-groups"].as_table()) {
    for (const auto& [group, value] : *groups) {
      (void)value;
      auto& into = lock.root_groups[normalise_name(group.str())];
      auto more = dependency_group(fields, *groups, group.str());
      into.insert(into.end(), more.begin(), more.end());
    }
  }
}

// Folds each entry with `extras` into the entry of its package and version (kept as it is when there
// is none): walked, its dependencies but the package itself become those extras'; flat, its
// dependencies are entries of their own already.
void fold_extras_entries(Lock& lock, std::vector<std::vector<std::string>>& entry_extras)
{
  std::vector<LockedPackage> kept;
  std::vector<std::pair<LockedPackage, std::vector<std::string>>> with_extras;
  for (std::size_t i = 0; i < lock.packages.size(); ++i) {
    if (entry_extras[i].empty()) {
      kept.push_back(std::move(lock.packages[i]));
    } else {
      with_extras.emplace_back(std::move(lock.packages[i]), std::move(entry_extras[i]));
    }
  }
  for (auto& entry_and_extras : with_extras) {
    auto& entry = entry_and_extras.first; // not a structured binding: clang 14's lambdas cannot capture one
    auto base = std::find_if(kept.begin(), kept.end(), [&](const LockedPackage& package) {
      return package.name == entry.name && package.version == entry.version;
    });
    if (base == kept.end()) {
      kept.push_back(std::move(entry));
      continue;
    }
    std::erase_if(entry.dependencies, [&](const LockedDependency& edge) { return edge.name == entry.name; });
    for (const auto& extra : entry_and_extras.second) {
      auto& into = base->extras[extra];
      into.insert(into.end(), entry.dependencies.begin(), entry.dependencies.end());
    }
  }
  lock.packages = std::move(kept);
}

} // namespace

Lock read_pdm(const TomlFields& fields, const toml::table& root)
{
  const auto* metadata = fields.subtable(root, "metadata");
  if (metadata == nullptr) {
    fields.fail("no [metadata] table: this is not a pdm.lock PDM writes; run `pdm lock`");
  }
  auto lock_version = fields.string(*metadata, "lock_version");
  if (!lock_version.starts_with("4.")) {
    fields.fail(*metadata, "lock_version \"" + lock_version + "\" is not read by this pycontainer (it reads 4.x): "
                           "lock again with PDM 2.11 or later (`pdm lock`), or pass `pdm export -o requirements.txt` with --lock");
  }
  auto lock_groups = fields.strings(*metadata, "groups");
  auto packages = fields.tables(root, "package");
  Lock lock;
  lock.file = fields.file();
  lock.format = LockFormat::pdm;
  lock.default_groups = {"default"};
  lock.walked = !inherits_metadata(fields, *metadata, packages);
  std::vector<std::vector<std::string>> entry_extras;
  for (const auto* table : packages) {
    LockedPackage package;
    package.name = normalise_name(fields.string(*table, "name", true));
    package.version = fields.string(*table, "version");
    package.where = fields.at(*table);
    package.marker = fields.string(*table, "marker");
    for (const auto& group : fields.strings(*table, "groups")) {
      package.groups.push_back(normalise_name(group));
    }
    package.dependencies = requirement_edges(fields.strings(*table, "dependencies"));
    entry_extras.emplace_back();
    for (const auto& extra : fields.strings(*table, "extras")) {
      entry_extras.back().push_back(normalise_name(extra));
    }
    if (!lock.walked && package.groups.empty() && lock_groups.size() > 1) {
      fields.fail(*table, "package " + package.name + " names no groups, so its group (of " +
                            std::to_string(lock_groups.size()) + ") is not known: lock again with "
                            "`pdm lock --strategy inherit_metadata`");
    }
    package.source = "index pypi";
    if (auto path = fields.string(*table, "path"); !path.empty()) {
      package.source = "directory " + path;
      package.local = true;
    } else if (auto git = fields.string(*table, "git"); !git.empty()) {
      package.source = "git " + git;
    }
    for (const auto* entry : fields.tables(*table, "files")) {
      LockedFile file;
      file.url = fields.string(*entry, "url");
      file.name = fields.string(*entry, "file");
      if (file.name.empty()) {
        file.name = file_name_of(file.url);
      }
      if (file.name.empty()) {
        fields.fail(*entry, "a file with neither `file` nor `url`: the lock is damaged; run `pdm lock` again");
      }
      if (auto hash = fields.string(*entry, "hash"); !hash.empty()) {
        file.hashes.push_back(hash);
      }
      add_file(package, std::move(file));
    }
    lock.packages.push_back(std::move(package));
  }
  fold_extras_entries(lock, entry_extras);
  if (lock.walked) {
    auto pyproject = fields.file().parent_path() / "pyproject.toml";
    if (!std::filesystem::is_regular_file(pyproject)) {
      fields.fail("names no package's groups or markers (PDM before 2.11, or a strategy without "
                  "inherit_metadata), so what applies is walked from the pyproject.toml beside it, and there is "
                  "none: keep pdm.lock with its pyproject.toml, or lock again with `pdm lock --strategy inherit_metadata`");
    }
    read_pdm_project(lock, pyproject);
  }
  return lock;
}

} // namespace pycontainer::deps::lock_readers
