#pragma once

#include "deps/elf.hpp"
#include "deps/lock_install.hpp"
#include "deps/lock_selection.hpp"
#include "oci/platform.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// Where the dependencies of an image come from, first found wins:
//   0. a lock file (lock_file.hpp): --lock FILE, a hashed --requirements file, else one in the context
//      (uv.lock, poetry.lock, pdm.lock, pylock.toml, Pipfile.lock, a hashed requirements.txt) unless
//      --venv or --requirements is given. Its packages are chosen for the target with their wheels
//      and installed by pycontainer itself into <cache>/deps/<key>/venv (lock_install.hpp);
//   1. a virtualenv: --venv PATH, else one in the context (.venv, venv, env holding a pyvenv.cfg);
//   2. requirements: --requirements FILE, else <context>/requirements.txt, else [project.dependencies],
//      installed by the build machine's own pip (`python3 -m pip`, its configuration and PIP_*
//      environment respected) for the target into a cached staging directory:
//        pip install --target DIR --python-version X.Y --implementation cp --only-binary=:all:
//                    --platform manylinux_2_N_ARCH... (musllinux_1_N_ARCH for a musl base)
//                    --platform linux_ARCH -r FILE
//      The directory is <cache>/deps/<key>, key = SHA-256 of the requirements text (with the files its
//      -r/-c lines include), X.Y, the platform tags and pip's settings (PIP_* variables, pip.conf
//      files, local --find-links listings), so an unchanged set never reinstalls.
namespace pycontainer::deps {

enum class SourceKind { venv, requirements, project_dependencies, lock };

struct DependencySource {
  SourceKind kind = SourceKind::venv;
  std::filesystem::path origin;             // the venv or the requirements file (empty for pyproject)
  std::filesystem::path site_packages;
  std::filesystem::path scripts_directory;  // bin/
  std::string python_version;               // "3.11": what the dependencies were installed for
  std::string python_full_version;          // "3.11.2" when a venv's pyvenv.cfg says so
  std::string cache_key;                    // requirements, a lock: the staging key
  // False when a dry run found the requirements not staged yet: site_packages does not exist, and
  // `to_install` lists the requirement lines pip would be given.
  bool installed = true;
  std::vector<std::string> to_install;
  // What a build system must watch besides the installed files: pyvenv.cfg, the requirements files
  // (with their -r/-c includes), pyproject.toml.
  std::vector<std::filesystem::path> input_files;
  // A lock: its format, the packages chosen (with their wheels) for `wheel_target` (its description);
  // a dry run tells for each what a build would fetch (ChosenPackage::fetch).
  LockFormat lock_format = LockFormat::uv;
  std::vector<ChosenPackage> locked;
  std::string wheel_target;

  std::string describe() const; // "virtualenv /p/.venv (Python 3.11.2)"
};

struct InstallTarget {
  std::string python;              // "3.11", for pip's --python-version
  std::string python_full_version; // "3.11.2" when the base says; else empty (markers then read X.Y.0)
  Libc libc = Libc::unknown;       // the base's: musl gets musllinux tags
  std::optional<std::pair<int, int>> libc_version; // the base's glibc or musl (major, minor), when known
};

struct SourceRequest {
  std::filesystem::path context;
  std::optional<std::filesystem::path> venv;         // --venv
  std::optional<std::filesystem::path> requirements; // --requirements
  std::optional<std::filesystem::path> lock;         // --lock
  LockSelection lock_selection;                      // --extra, --group
  std::vector<std::string> project_dependencies;     // [project.dependencies]
  // What pip installs for: asked only when requirements are installed, so that a base still being
  // inspected is waited for only then.
  std::function<InstallTarget()> install_target;
  oci::Platform platform;
  std::filesystem::path cache_directory;             // <cache>; staging goes to <cache>/deps/<key>
  // A lock: where its wheels come from, and the interpreter its scripts run ("/app/.venv/bin/python3").
  WheelProvider wheels;
  std::string interpreter;
  // False for a dry run: pip is never run and nothing is written; a set not staged yet comes back
  // with installed = false.
  bool install = true;
};

// Finds the source (installing requirements or a lock when that is the source, unless request.install
// is false); nullopt when the project names no dependencies at all. UsageError, naming the path and the
// fix, for a --venv that is not a virtualenv, a missing --requirements file, a pip that fails, a lock
// that cannot be read, has no wheel for the target or whose files cannot be fetched or fail their hash.
std::optional<DependencySource> find_dependency_source(const SourceRequest& request);

// Reads a venv's pyvenv.cfg and finds its lib/pythonX.Y/site-packages.
DependencySource read_venv(const std::filesystem::path& venv);

// The --platform values pip gets for an OCI architecture: platform_tags (wheel_tags.hpp) for the newest
// glibc, or musl for a musl base: manylinux_2_39_ARCH down to 2_17 (2_5 on x86, with the legacy aliases),
// or musllinux_1_2..1_0; then linux_ARCH, always last. Empty for architectures pip has no tags for.
std::vector<std::string> pip_platform_tags(const oci::Platform& platform, Libc libc = Libc::glibc);

// A requirements file and the files its `-r`/`--requirement` and `-c`/`--constraint` lines include,
// recursively (relative to the including file), each once, the given file first. UsageError naming the
// including file and line when one is missing.
std::vector<std::filesystem::path> requirements_files(const std::filesystem::path& file);

} // namespace pycontainer::deps
