#pragma once

#include "deps/lock_selection.hpp"
#include "deps/wheel_tags.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// Installing a lock's chosen packages without pip. Each package's wheel is
//   - the lock's wheel: a local file (a path, relative to the lock, or a file:// URL) or one fetched from
//     its URL;
//   - a lock naming no file (Pipfile.lock, hashed requirements) or a file name only (poetry.lock): the
//     wheel its index lists that the target takes best among those with the lock's hashes (choose_wheel);
//   - a package chosen with an sdist (the target is the host's platform): the wheel the host's pip
//     builds from it (`python3 -m pip wheel --no-deps`, the sdist verified first, with the provider's
//     pip_options for the package's index, where pip's isolated build gets the build requirements).
// Every file is checked against the lock's sha256 before use (the files fetched provider.transfers at
// once, the wheels extracted on the thread budget), then placed in name order (a file two wheels have
// is the later one's, however the transfers finished), into a directory renamed into place once all
// are in:
//   <cache>/deps/<key>/venv/lib/pythonX.Y/site-packages, <cache>/deps/<key>/venv/bin
// key = SHA-256 over the packages (names, versions, the hashes the lock gives for their files, the
// content of local files without one; for a wheel the index chooses, the whole wheel target), the
// Python X.Y, the scripts' interpreter, the platform and C library kind: an unchanged lock installs and
// fetches nothing, and a dry run finds the set a build staged. The same lock gives the same files
// (install_wheel is deterministic; times are the layer writer's).
namespace pycontainer::deps {

// A local copy of a lock's file and the sha256 (hex) its content was verified to have.
struct VerifiedFile {
  std::filesystem::path path;
  std::string sha256;
};

// Where files of an index come from; the pipeline makes one of remote::PackageIndex. Its files carry
// hashes as "sha256:HEX".
struct WheelProvider {
  // The files the indexes (and --find-links) list for a package (its normalised name). `lock_index`, the
  // index URL the lock names for it (Poetry's source, Pipfile.lock's, a requirements file's --index-url),
  // is asked instead of the configured indexes, as the tool that wrote the lock installs from it; empty:
  // the configured indexes.
  std::function<std::vector<LockedFile>(const std::string& name, const std::string& lock_index)> list;
  // A local copy of a file with a URL (downloaded when not cached yet), verified against the file's
  // hashes as it streamed (a mismatch throws), with the sha256 it has: it is not read again.
  std::function<VerifiedFile(const LockedFile& file)> fetch;
  // The cached copy of a file with a URL, fetching nothing; nullopt when `fetch` would download it.
  std::function<std::optional<std::filesystem::path>(const LockedFile& file)> cached;
  // Where `list` looks for a package with that `lock_index`, for messages: "index https://pypi.org/simple".
  std::function<std::string(const std::string& lock_index)> describe;
  // The same for the host's pip building a package's sdist (for its build requirements): --index-url URL, ...
  std::function<std::vector<std::string>(const std::string& lock_index)> pip_options;
  // How many files are listed and fetched at once (list, fetch and cached are then called from that
  // many threads): the registry transfers' --jobs.
  unsigned transfers = 1;
};

struct LockInstall {
  std::vector<ChosenPackage> packages;
  std::filesystem::path lock_directory; // what the lock's relative paths are relative to
  WheelTarget target;
  std::string python_version;           // "3.11"
  std::string interpreter;              // the scripts' shebang: "/app/.venv/bin/python3"
  std::string platform;                 // "linux/amd64"
  std::filesystem::path cache_directory;
};

// The staging key and the prefix the packages are installed into (<cache>/deps/<key>/venv).
std::string lock_install_key(const LockInstall& install);
std::filesystem::path lock_install_prefix(const LockInstall& install);

// Installs the packages into lock_install_prefix() unless they are there; returns the prefix, and sets
// each package's installed_from (from the set's record, installed_files.hpp, when staged before). UsageError
// naming the package for a file that fails its hash, a lock naming no hash for a download, an index
// listing no wheel that fits (with the tags it has), an sdist pip cannot build or builds for another
// target; the provider's errors with the package as context.
std::filesystem::path stage_lock(LockInstall& install, const WheelProvider& provider);

// For a dry run, which fetches and writes nothing: sets each package's `fetch` to what a build would do
// ("staged", "cached PATH", "local file PATH", "would download from URL", ...). True when the set is staged already.
bool describe_fetches(LockInstall& install, const WheelProvider& provider);

// Whether wheels built on this machine fit `target` (its architecture; a glibc target).
bool host_builds_for(const WheelTarget& target);

} // namespace pycontainer::deps
