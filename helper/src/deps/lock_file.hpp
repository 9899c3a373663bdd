#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

// Lock files read into one model: every package the lock pins (name, version, files with URL and
// hashes, when it applies, where it comes from). The formats:
//   uv.lock       TOML; [[package]] with source, dependencies (edges with markers), optional-dependencies,
//                 dev-dependencies, sdist and wheels ({url, hash, size}); walked from the project's own package.
//   poetry.lock   TOML; [[package]] with files ({file, hash}; [metadata.files] before lock-version 2.0),
//                 [package.dependencies] (a constraint, or tables with markers/python/optional/extras),
//                 [package.extras], [package.source]; walked from pyproject.toml's Poetry dependencies.
//   pdm.lock      TOML; [[package]] with groups, marker and files ({file or url, hash}); flat.
//   Pipfile.lock  JSON; "default" (and "develop") name -> {version "==X", hashes, markers, index}; flat.
//   pylock.toml   PEP 751; [[packages]] with marker, wheels/sdist ({name, url or path, hashes}), and
//                 lock-wide extras, dependency-groups and default-groups evaluated in the markers; flat.
//   requirements.txt, when every requirement is pinned (`==` or `===`) with `--hash`; flat.
// A walked lock (uv, Poetry) applies the markers on its edges; a flat one each package's own marker.
namespace pycontainer::deps {

enum class LockFormat { uv, poetry, pdm, pipenv, pylock, requirements };
const char* to_string(LockFormat format); // "uv.lock", "poetry.lock", ...

struct LockedFile {
  std::string name;                // "Flask-3.0.0-py3-none-any.whl"
  std::string url;                 // empty when the lock names only the index (Poetry) or a path (below)
  std::string path;                // a local file (PEP 751 path, a file:// URL), relative to the lock
  std::vector<std::string> hashes; // "sha256:HEX"
  std::optional<std::uint64_t> size;
};

// An edge of a walked lock: what a package (or the project) requires.
struct LockedDependency {
  std::string name;                // normalised
  std::string marker;              // PEP 508; empty: always
  std::string python;              // Poetry's python constraint ("<3.9"); empty: any
  std::string version;             // uv: the version meant when several are locked; Poetry: the constraint
  std::vector<std::string> extras; // normalised
};

struct LockedPackage {
  std::string name; // normalised (PEP 503)
  std::string version;
  std::string marker;              // flat locks: when the package applies
  std::vector<std::string> groups; // flat locks: its groups (PDM, Pipenv's default/develop); empty: always
  std::vector<LockedDependency> dependencies;
  std::map<std::string, std::vector<LockedDependency>> extras; // optional dependencies, by extra
  std::string source;  // "registry https://pypi.org/simple", "index pypi", "git https://...", "editable ."
  bool local = false;  // a directory of the project (editable, virtual, directory): on PYTHONPATH, not installed
  std::vector<LockedFile> wheels;
  std::vector<LockedFile> sdists;  // and other archives
  std::vector<std::string> hashes; // Pipfile.lock, requirements: the hashes of files the lock does not name
  std::string where;               // "uv.lock:42", "Pipfile.lock default.flask": for messages
};

struct Lock {
  std::filesystem::path file;
  LockFormat format = LockFormat::uv;
  std::vector<LockedPackage> packages;
  // A walked lock: the project's requirements, those of its extras and of its groups (uv's
  // dev-dependencies, Poetry's groups).
  bool walked = false;
  std::vector<LockedDependency> roots;
  std::map<std::string, std::vector<LockedDependency>> root_extras;
  std::map<std::string, std::vector<LockedDependency>> root_groups;
  std::vector<std::string> default_groups; // groups taken without being asked: PEP 751 default-groups, PDM's "default"
};

// The lock of `context`, first found: uv.lock, poetry.lock, pdm.lock, pylock.toml, Pipfile.lock, then a
// requirements.txt that is all pinned and hashed. nullopt when there is none.
std::optional<std::filesystem::path> find_lock_file(const std::filesystem::path& context);

// Reads a lock, its format told by its name (pylock.*.toml too; any other name: a hashed requirements
// file). Poetry's groups come from the pyproject.toml beside it. UsageError naming the file, the line
// or key, and what to do, for a lock that is not valid or of a version not read.
Lock read_lock_file(const std::filesystem::path& file);

// Whether a requirements file pins every requirement with `==` and `--hash` (and so is a lock).
bool is_hashed_requirements(const std::filesystem::path& file);

} // namespace pycontainer::deps
