#include "deps/distributions.hpp"
#include "deps/lock_readers.hpp"

// pdm.lock (PDM's documentation, "Lock file"; lock_version 4.x): [metadata] groups, strategy,
// lock_version; [[package]] name, version, groups, marker (with the inherit_metadata strategy, PDM's
// default), files = [{file | url, hash}], and path/editable for the project's directories. Flat: a
// package applies when its marker holds and one of its groups is taken ("default" always).
namespace pycontainer::deps::lock_readers {

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
  Lock lock;
  lock.file = fields.file();
  lock.format = LockFormat::pdm;
  lock.default_groups = {"default"};
  for (const auto* table : fields.tables(root, "package")) {
    LockedPackage package;
    package.name = normalise_name(fields.string(*table, "name", true));
    package.version = fields.string(*table, "version");
    package.where = fields.at(*table);
    package.marker = fields.string(*table, "marker");
    for (const auto& group : fields.strings(*table, "groups")) {
      package.groups.push_back(normalise_name(group));
    }
    if (package.groups.empty() && lock_groups.size() > 1) {
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
  return lock;
}

} // namespace pycontainer::deps::lock_readers
