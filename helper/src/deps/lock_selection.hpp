#pragma once

#include "deps/lock_file.hpp"
#include "deps/markers.hpp"
#include "deps/wheel_tags.hpp"

#include <optional>
#include <string>
#include <vector>

// What of a lock a target installs, and which file of each package.
namespace pycontainer::deps {

// The extras of the project and the dependency groups asked for (normalised names). A lock's default
// groups (PEP 751 default-groups, PDM's and Pipenv's "default") are taken besides.
struct LockSelection {
  std::vector<std::string> extras;
  std::vector<std::string> groups;
};

struct ChosenPackage {
  std::string name;
  std::string version;
  std::string source;
  std::string where;                 // in the lock
  std::optional<LockedFile> wheel;   // nullopt: the lock names no files (Pipfile.lock, hashed requirements)
  std::string tag;                   // the wheel's tag the target takes best ("cp311-cp311-manylinux_2_17_x86_64")
  std::vector<std::string> hashes;   // without a wheel named: the hashes the index's wheel must have
  // No wheel fits, and the host's pip builds one from this source distribution (`host_builds`).
  std::optional<LockedFile> sdist;
  // The file a build installed it from (the wheel, or the sdist the host's pip built one from), with the
  // sha256 it was verified to have and its URL (empty for a local file): the lock's file, or the one the
  // index listed and the lock's hashes chose. Set by stage_lock; nullopt in a dry run of a set not staged.
  std::optional<LockedFile> installed_from;
  // What a build does to get the file, told by a dry run (lock_install.hpp): "cached", "would download
  // from URL", ...; empty until then.
  std::string fetch;
};

struct ChosenWheel {
  LockedFile file;
  std::string tag; // its tag the target takes best
};

// The packages that apply to `environment` (walked from the project's requirements for uv and Poetry,
// each package's marker and groups otherwise), without the project's own directories, by name, each with
// the wheel `target` takes best (its most specific tag). UsageError naming the package, where the lock
// has it, and the tags its wheels have, when none fits (an sdist only, or wheels for other platforms);
// or naming the requirement when the lock does not have the package it requires. With `host_builds`
// (the target is the build machine's platform), a package with no fitting wheel but a source
// distribution is chosen with that `sdist` instead.
std::vector<ChosenPackage> choose_packages(const Lock& lock, const MarkerEnvironment& environment,
                                           const WheelTarget& target, const LockSelection& selection = {},
                                           bool host_builds = false);

// The wheel of an index's listing (`files`: file names with their hashes) that `target` takes best, as
// choose_packages ranks them, among the files with one of `hashes` ("sha256:HEX"; any when empty).
// nullopt when none fits.
std::optional<ChosenWheel> choose_wheel(const std::vector<LockedFile>& files, const WheelTarget& target,
                                        const std::vector<std::string>& hashes);

// Whether `file` has one of `hashes`.
bool has_any_hash(const LockedFile& file, const std::vector<std::string>& hashes);

// The tags of the wheels among `files`, for messages: "py3-none-any, cp311-cp311-manylinux_2_17_x86_64"; "none".
std::string wheel_tags_text(const std::vector<LockedFile>& files);

} // namespace pycontainer::deps
