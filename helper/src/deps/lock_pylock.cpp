#include "deps/distributions.hpp"
#include "deps/lock_readers.hpp"

// pylock.toml (PEP 751): lock-version = "1.0", extras, dependency-groups, default-groups, then
// [[packages]] name, version, marker, index, and one source: vcs, directory, archive, sdist or wheels
// ([{name?, url? | path?, size?, hashes = {ALGORITHM = HEX}}]). Flat: a package applies when its marker
// holds, evaluated with the extras and dependency groups taken (default-groups unless others are asked).
namespace pycontainer::deps::lock_readers {

namespace {

LockedFile pylock_file_of(const TomlFields& fields, const toml::table& table)
{
  auto file = located_file(fields, table, "name");
  const auto* hashes = fields.subtable(table, "hashes");
  if (hashes == nullptr || hashes->empty()) {
    fields.fail(table, "file " + file.name + " has no `hashes` (PEP 751 requires them): write the lock again with its tool");
  }
  for (const auto& [algorithm, value] : *hashes) {
    file.hashes.push_back(std::string(algorithm.str()) + ":" + fields.string(*hashes, algorithm.str(), true));
  }
  return file;
}

} // namespace

Lock read_pylock(const TomlFields& fields, const toml::table& root)
{
  auto version = fields.string(root, "lock-version");
  if (version.empty()) {
    fields.fail("no lock-version: this is not a PEP 751 pylock.toml");
  }
  if (!version.starts_with("1.")) {
    fields.fail(*root.get("lock-version"), "lock-version \"" + version +
                                               "\" is not read by this pycontainer (it reads 1.x, PEP 751): write "
                                               "the lock with a tool of PEP 751's version 1");
  }
  Lock lock;
  lock.file = fields.file();
  lock.format = LockFormat::pylock;
  for (const auto& group : fields.strings(root, "default-groups")) {
    lock.default_groups.push_back(normalise_name(group));
  }
  for (const auto* table : fields.tables(root, "packages")) {
    LockedPackage package;
    package.name = normalise_name(fields.string(*table, "name", true));
    package.version = fields.string(*table, "version");
    package.where = fields.at(*table);
    package.marker = fields.string(*table, "marker");
    package.source = "index " + fields.string(*table, "index");
    if (const auto* vcs = fields.subtable(*table, "vcs")) {
      package.source = "vcs " + fields.string(*vcs, "url") + fields.string(*vcs, "path");
    }
    if (const auto* directory = fields.subtable(*table, "directory")) {
      package.source = "directory " + fields.string(*directory, "path", true);
      package.local = true;
    }
    if (const auto* archive = fields.subtable(*table, "archive")) {
      add_file(package, pylock_file_of(fields, *archive));
    }
    if (const auto* sdist = fields.subtable(*table, "sdist")) {
      package.sdists.push_back(pylock_file_of(fields, *sdist));
    }
    for (const auto* wheel : fields.tables(*table, "wheels")) {
      package.wheels.push_back(pylock_file_of(fields, *wheel));
    }
    lock.packages.push_back(std::move(package));
  }
  return lock;
}

} // namespace pycontainer::deps::lock_readers
