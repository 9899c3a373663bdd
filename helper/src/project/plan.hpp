#pragma once

#include "project/base_source.hpp"
#include "project/output_targets.hpp"
#include "project/settings.hpp"
#include "deps/dependency_plan.hpp"
#include "layer/layer_writer.hpp"
#include "oci/derive_config.hpp"
#include "oci/platform.hpp"
#include "python/context_files.hpp"
#include "python/project_layout.hpp"
#include "python/pyproject.hpp"
#include "python/workspace.hpp"
#include "sbom/document.hpp"
#include "ref/reference.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::project {

// The timestamp reproducible images carry when SOURCE_DATE_EPOCH is not set: 1980-01-01T00:00:00Z,
// the earliest time zip and wheel tooling can represent.
inline constexpr std::int64_t k_default_timestamp = 315532800;
// 9999-12-31T23:59:59Z: RFC 3339 timestamps have four-digit years.
inline constexpr std::int64_t k_latest_timestamp = 253402300799;

inline constexpr const char* k_default_platform = "linux/amd64";

// The label naming the detected web framework.
inline constexpr const char* k_framework_label = "io.pycontainer.framework";

// A layer of files from anywhere (build outputs; FILES in CMake, --files with --destination on the command
// line) placed in `destination`, an absolute directory of the image.
struct FileGroup {
  std::string name; // the layer's name in the history; "files" when empty
  std::vector<std::filesystem::path> files;
  std::string destination;
  bool dereference = false; // pack what symlinks point to (--dereference), not the links
  // The one platform whose image takes the layer (FILES ... PLATFORM in CMake, --files-platform on the
  // command line): the outputs of a cross-compiled build; none: every platform's image.
  std::optional<oci::Platform> platform{};
};

// How layers are compressed: the same options for `build` and every build-system step.
struct CompressionRequest {
  std::string method = "gzip"; // gzip, zstd or none
  std::optional<int> level;    // gzip 0-9 (default 6), zstd 1-19 (default 3)
};

struct BuildRequest {
  std::filesystem::path context{"."};
  SettingsLayer command_line;
  std::optional<std::filesystem::path> config_file; // --config; else <context>/pycontainer.toml if present
  // Build-system steps decide only their part: the base and deps steps need neither, a layer step no
  // entrypoint.
  bool collect_files = true;
  bool detect_entrypoint = true;
  std::filesystem::path cache_directory; // <cache>: pip staging and generated files go to <cache>/deps
  std::vector<FileGroup> file_groups;    // layers after the application's, in order
  CompressionRequest compression;
  std::vector<std::string> also_tags; // more references for the same image (NAME:TAG each)
  // `build --output`, repeatable (output_targets.hpp); empty: the settings' `output`, else dist/image.
  std::vector<std::string> outputs;
};

// Where a lock's wheels are looked up when it names no URL, as pip's options: the settings, else
// PIP_INDEX_URL, PIP_EXTRA_INDEX_URL and PIP_FIND_LINKS (whitespace-separated) and PIP_NO_INDEX.
struct PackageIndexSettings {
  std::string index_url = "https://pypi.org/simple";
  std::vector<std::string> extra_index_urls;
  std::vector<std::string> find_links; // absolute paths, or URLs
  bool no_index = false;
};

// Where include_deps takes the dependencies from (see deps::find_dependency_source).
struct DependencySettings {
  std::optional<std::filesystem::path> venv;         // absolute
  std::optional<std::filesystem::path> requirements; // absolute
  std::optional<std::filesystem::path> lock;         // absolute
  deps::LockSelection lock_selection;                // normalised extras and groups
  PackageIndexSettings index;
  bool compile_bytecode = false;
};

struct LayerPlan {
  std::string name; // "app"
  std::vector<layer::Entry> entries; // paths inside the image
  std::size_t file_count = 0;
  std::uint64_t bytes = 0;
  std::optional<oci::Platform> platform{}; // a FileGroup's: in that platform's image only (platform_plan.hpp)
};

// Everything a build decided before writing anything.
struct BuildPlan {
  std::filesystem::path context;
  std::vector<std::filesystem::path> inputs; // the context and the project files read, for depfiles
  std::vector<std::filesystem::path> label_inputs; // the git files the labels were read from (a build's depfile)
  // The layout the image is written into; empty when the outputs are archives only (the caller then
  // builds into a temporary layout, see `archives`).
  std::filesystem::path output;
  std::vector<OutputTarget> archives; // oci-archive and docker-archive outputs, written from the layout
  ref::Reference tag;
  std::vector<ref::Reference> tags; // `tag` first, then the request's also_tags
  // Once built: push (--push, `push = true`) to `push_to`, the tags or where the registry setting says
  // (push_destinations.hpp); say more (`verbose`); use no layer cache (--no-cache, `no_cache`).
  bool push = false;
  std::vector<ref::Reference> push_to;
  bool verbose = false;
  bool no_cache = false;
  std::string base_argument;
  BaseSource base_source;
  // The platform of the image; with several (--platform A,B or `all`) the one being built, set by the
  // builder per platform (the first until then).
  oci::Platform platform;
  // Every platform to build, as given: one gives an image as always, several an OCI image index with
  // one image each. Empty when `all_platforms` (every platform of the base's index, known once it is read).
  std::vector<oci::Platform> platforms;
  bool all_platforms = false;
  std::optional<python::PyProject> project;
  python::ProjectLayout project_layout; // with the workspace members' import roots
  std::optional<python::Workspace> workspace;
  std::string entrypoint_reason;
  std::string framework;
  oci::ConfigChanges changes;
  std::vector<LayerPlan> layers; // dependency layers (once planned), then "app" (when files are collected)
  std::vector<python::LeftOut> left_out; // build output found in the context and not packed
  std::optional<DependencySettings> include_deps;
  std::optional<sbom::Format> sbom;
  // The dependencies once plan_dependency_layers() ran; their layers' entries are in `layers`.
  std::optional<deps::DependencyPlan> dependencies;
  bool allow_python_mismatch = false;
  bool allow_foreign_binaries = false;
  bool ignore_requires_python = false;
  // --dry-run (or `dry_run = true`): only the plan is printed; planning the dependencies neither runs pip
  // (a set not staged yet is listed) nor compiles bytecode.
  bool dry_run = false;
  bool allow_missing_libraries = false; // the link check warns rather than fails
  std::filesystem::path cache_directory;
  bool reproducible = true;
  std::int64_t timestamp = k_default_timestamp; // seconds; the build time when not reproducible
  layer::Options layer_options;
};

// Reads the project and the settings (command line > --config file > [tool.pycontainer] > detection)
// and decides the image. Writes nothing. Throws UsageError for bad input.
BuildPlan plan_build(const BuildRequest& request);

// include_deps: finds the dependencies (pip installs requirements for `base`'s Python and C library)
// and puts their layers before the others. Without a known base (a dry run), pip's Python is guessed
// from the base's tag (python:3.11-slim), else requires-python's lowest, else the default. `base` is
// asked only when pip installs (the base may still be being inspected). A lock's wheels come from
// `wheels` (the pipeline's package index; without one only the lock's local files install).
void plan_dependency_layers(BuildPlan& plan, const std::function<const deps::BasePython&()>& base,
                            const deps::WheelProvider& wheels = {});
void plan_dependency_layers(BuildPlan& plan, const deps::BasePython& base, const deps::WheelProvider& wheels = {});

// Once the dependencies are planned: checks their Python and wheel tags against the base (`base_name`,
// `base_config` its config), then adds the venv's links to the base's interpreter and puts
// <prefix>/bin first on PATH. Throws UsageError naming the package, the fix and the overriding flag.
void finish_dependencies(BuildPlan& plan, const std::string& base_name, const deps::BasePython& base,
                         const oci::ImageConfig& base_config);

// The layer of a context's files (as collect_context_files gives them) under `workdir`.
LayerPlan plan_context_layer(std::vector<layer::Entry> context_entries, const std::string& workdir);

// The layer of a FileGroup: a file as <destination>/<its name>, a directory with everything below it.
// Throws UsageError naming a missing file or a relative destination.
LayerPlan plan_files_layer(const FileGroup& group);

// The plan of a build-system step packing only FileGroups: no project is read, only the platform,
// reproducibility and compression of the request's command line. Its layers are the groups'.
BuildPlan plan_file_layers(const BuildRequest& request);

// The plan as --dry-run prints it.
std::string format_plan(const BuildPlan& plan);

// The platforms of a --platform setting: "os/arch[/variant]" items separated by commas, or "all"
// (an empty list). Throws UsageError naming an empty or repeated item, or "all" among others.
std::vector<oci::Platform> parse_platforms(const std::string& text);

// SOURCE_DATE_EPOCH if set (UsageError if malformed), else k_default_timestamp.
std::int64_t reproducible_timestamp();

} // namespace pycontainer::project
