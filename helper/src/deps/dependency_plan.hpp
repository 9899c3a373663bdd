#pragma once

#include "deps/distributions.hpp"
#include "deps/elf.hpp"
#include "deps/source.hpp"
#include "deps/system_packages.hpp"
#include "layer/layer_writer.hpp"
#include "oci/image_config.hpp"
#include "oci/platform.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// How dependencies go into an image. They live in a virtualenv at <workdir>/.venv:
//   <prefix>/lib/pythonX.Y/site-packages/...   the distributions' files
//   <prefix>/bin/<script>                       console scripts, shebang "#!<prefix>/bin/python3"
//   <prefix>/bin/python3 -> the base's interpreter (/usr/local/bin/python3 or /usr/bin/python3),
//   <prefix>/bin/python, pythonX.Y -> python3, and <prefix>/pyvenv.cfg with `home` = its directory,
// so `python3` found on PATH (<prefix>/bin first) is the venv's and sees site-packages.
//
// Layers: each distribution of at least k_own_layer_bytes, the largest first, gets a layer of its own
// ("deps-<name>") up to a limit; of the others the platform-independent ones share "deps.any", the rest,
// unowned files and the venv's skeleton "deps" (always the last): deps/dependency_layers.hpp has the
// rules, which follow the set of distributions, not the platform.
namespace pycontainer::deps {

inline constexpr std::size_t k_max_dependency_layers = 8;
inline constexpr std::uint64_t k_own_layer_bytes = 512 * 1024;

struct DependencyLayer {
  std::string name;                  // "deps", "deps-werkzeug"
  std::vector<std::string> packages; // "Werkzeug 2.2.2"
  // The layer's files, until a build plan takes them (project::plan_dependency_layers moves them into
  // its layers rather than holding ~10,000 entries twice).
  std::vector<layer::Entry> entries;
};

struct DependencyPlan {
  DependencySource source;
  SitePackages site;
  std::string prefix;                  // "/app/.venv"
  std::vector<DependencyLayer> layers; // own layers by name, "deps.any", "deps"
  // Rewritten scripts, pyvenv.cfg, bytecode (content-addressed); nullopt in a dry run, which writes nothing.
  std::optional<std::filesystem::path> generated_directory;
};

// Assigns the source's distributions to layers and makes their entries (scripts rewritten into
// `generated_directory`; nullopt: only described, for a dry run). `compile_bytecode` (needs a directory): add unchecked-hash .pyc files compiled by a python of
// the source's X.Y found on PATH (a warning when there is none).
DependencyPlan plan_dependencies(DependencySource source, const std::string& prefix,
                                 const std::optional<std::filesystem::path>& generated_directory,
                                 bool compile_bytecode);

// What a base image offers dependencies.
struct BasePython {
  std::string version;        // "3.11", empty when the base has no Python
  std::string full_version;   // "3.11.2" when its config (PYTHON_VERSION) or package database says; else empty
  std::string version_origin; // "PYTHON_VERSION=3.11.2 in its config", "usr/lib/python3.11 in its layers"
  std::string interpreter;    // "/usr/bin/python3"; empty when none was found
  Libc libc = Libc::unknown;
  // For the SBOM: the packages its system's package manager installed, and its distribution
  // ("debian-12", from os-release; empty when unknown).
  std::vector<SystemPackage> system_packages;
  std::string distro;
};

// The base's C library's (major, minor) from its package database: Debian's libc6 (glibc 2.36), Alpine's
// musl (1.2); nullopt when it has neither.
std::optional<std::pair<int, int>> libc_version(const BasePython& base);

// Reads the base's config (PYTHON_VERSION), the file names in its layers and its package databases
// and os-release (cached in <cache>/deps/base/ by layer digests). `layers` are (blob file, media type) pairs, bottom first.
BasePython inspect_base(const oci::ImageConfig& config,
                        const std::vector<std::pair<std::filesystem::path, std::string>>& layers,
                        const std::filesystem::path& cache_directory);

// The venv skeleton (interpreter links, pyvenv.cfg) for `base`, which belongs to the "deps" layer.
std::vector<layer::Entry> venv_skeleton(const DependencyPlan& plan, const BasePython& base);

// UsageError unless the dependencies' Python (venv version, wheel tags) is the base's X.Y.
void check_python(const DependencyPlan& plan, const BasePython& base, const std::string& base_name);

// UsageError naming the first ELF file of `entries` built for another architecture than `platform`,
// or linking another C library than `base_libc` (when known); wheel tags of `plan` likewise.
void check_binaries(const std::vector<layer::Entry>& entries, const std::string& layer_name,
                    const oci::Platform& platform, Libc base_libc);
void check_wheel_tags(const DependencyPlan& plan, const oci::Platform& platform, Libc base_libc);

// The dry-run listing: the source, then each package with its layer.
std::string format_dependencies(const DependencyPlan& plan);

} // namespace pycontainer::deps
