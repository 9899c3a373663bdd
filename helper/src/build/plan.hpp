#pragma once

#include "build/base_image.hpp"
#include "build/settings.hpp"
#include "deps/dependency_plan.hpp"
#include "layer/layer_writer.hpp"
#include "oci/image_config.hpp"
#include "oci/platform.hpp"
#include "python/project_layout.hpp"
#include "python/pyproject.hpp"
#include "ref/reference.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::build {

// The timestamp reproducible images carry when SOURCE_DATE_EPOCH is not set: 1980-01-01T00:00:00Z,
// the earliest time zip and wheel tooling can represent.
inline constexpr std::int64_t k_default_timestamp = 315532800;

// The label naming the detected web framework.
inline constexpr const char* k_framework_label = "io.pycontainer.framework";

struct BuildRequest {
  std::filesystem::path context{"."};
  SettingsLayer command_line;
  std::optional<std::filesystem::path> config_file; // --config; else <context>/pycontainer.toml if present
  // Build-system steps decide only their part: the base step needs neither, a layer step no entrypoint.
  bool collect_files = true;
  bool detect_entrypoint = true;
  // Dependencies (include_deps) are planned only by front ends that pack them (`pycontainer build`);
  // the others warn that they leave them out.
  bool plan_dependencies = false;
  std::filesystem::path cache_directory; // <cache>: pip staging and generated files go to <cache>/deps
};

struct LayerPlan {
  std::string name; // "app"
  std::vector<layer::Entry> entries; // paths inside the image
  std::size_t file_count = 0;
  std::uint64_t bytes = 0;
};

// Everything a build decided before writing anything.
struct BuildPlan {
  std::filesystem::path context;
  std::filesystem::path output;
  ref::Reference tag;
  std::string base_argument;
  BaseSource base_source;
  oci::Platform platform;
  std::optional<python::PyProject> project;
  python::ProjectLayout project_layout;
  std::string entrypoint_reason;
  std::string framework;
  oci::ConfigChanges changes;
  std::vector<LayerPlan> layers; // dependency layers (if any), then "app"
  // include_deps: where the dependencies come from and their layers (already in `layers`); the base's
  // interpreter links and PATH are added by finish_dependencies() once the base is known.
  std::optional<deps::DependencyPlan> dependencies;
  bool allow_python_mismatch = false;
  bool allow_foreign_binaries = false;
  std::filesystem::path cache_directory;
  bool reproducible = true;
  std::int64_t timestamp = k_default_timestamp; // seconds; the build time when not reproducible
  layer::Options layer_options;
};

// Reads the project and the settings (command line > --config file > [tool.pycontainer] > detection)
// and decides the image. Writes nothing. Throws UsageError for bad input.
BuildPlan plan_build(const BuildRequest& request);

// Once the base is resolved (`base_config` its config, `base_layers` its blobs and media types):
// checks the dependencies' Python against the base's and every ELF file of the layers against the
// platform (and the base's C library when dependencies are included), then adds the venv's links to
// the base's interpreter and puts <prefix>/bin first on PATH. Throws UsageError naming the file or
// package, the fix and the flag that overrides the check.
void finish_dependencies(BuildPlan& plan, const std::string& base_name, const nlohmann::json& base_config,
                         const std::vector<std::pair<std::filesystem::path, std::string>>& base_layers);

// The layer of a context's files (as collect_context_files gives them) under `workdir`.
LayerPlan plan_context_layer(std::vector<layer::Entry> context_entries, const std::string& workdir);

// A layer of files from anywhere (build outputs, FILES in CMake) placed in `destination`, an absolute
// directory of the image: a file as <destination>/<its name>, a directory with everything below it.
// Throws UsageError naming a missing file or a relative destination.
LayerPlan plan_files_layer(std::string name, const std::vector<std::filesystem::path>& files,
                           const std::string& destination);

// The plan as --dry-run prints it.
std::string format_plan(const BuildPlan& plan);

// SOURCE_DATE_EPOCH if set (UsageError if malformed), else k_default_timestamp.
std::int64_t reproducible_timestamp();

} // namespace pycontainer::build
