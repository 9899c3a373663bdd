#pragma once

#include "project/plan.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pycontainer::cli {

// The options that describe an image, shared by `build` and the build-system steps (`layer`,
// `assemble`) so that every front end decides the image the same way.
struct BuildSettingsArguments {
  std::string context = ".";
  std::string config;
  std::vector<std::string> tags; // --tag, repeatable: the first names the image, the others are more tags
  std::string base_image, workdir, entrypoint, cmd, user;
  std::vector<std::string> platforms; // --platform, repeatable and comma-separated
  std::vector<std::string> outputs; // --output, repeatable (build: one layout and any archives)
  std::vector<std::string> env, labels, expose, include, exclude;
  bool no_reproducible = false;
  bool ignore_requires_python = false;
  std::string sbom;
  // Dependencies (pycontainer build only).
  bool include_deps = false, compile_bytecode = false, allow_python_mismatch = false, allow_foreign_binaries = false,
       allow_missing_libraries = false;
  std::string venv, requirements, lock;
  std::vector<std::string> extras, groups;
  std::string index_url;
  std::vector<std::string> extra_index_urls, find_links;
  bool no_index = false;
  // Layers (build and the steps that pack layers).
  std::string compression = "gzip";
  std::optional<int> compression_level;
  std::vector<std::vector<std::string>> files; // one group per --files, each with the --destination of its rank
  std::vector<std::string> destinations;
  // --files-platform, each with the number of --files groups given before it (it restricts the last).
  std::vector<std::pair<std::size_t, std::string>> files_platforms;
  bool dereference = false;
  // More tags for the image (build and assemble).
  std::vector<std::string> also_tags;
};

void add_build_settings_options(CLI::App& command, BuildSettingsArguments& arguments);

// --include-deps, --venv, --requirements, --lock, --extra, --group, the package index options
// (--index-url, --extra-index-url, --find-links, --no-index), --compile-bytecode,
// --allow-python-mismatch, --allow-foreign-binaries and the link check's option.
void add_dependency_options(CLI::App& command, BuildSettingsArguments& arguments);

// --allow-missing-libraries (also `assemble`'s, which runs the link check of the build-system steps).
void add_link_check_options(CLI::App& command, BuildSettingsArguments& arguments);

// --compression, --compression-level: how layers are compressed; --threads sets the process's thread
// budget (util/thread_budget.hpp) as it is parsed.
void add_compression_options(CLI::App& command, BuildSettingsArguments& arguments);

// --files ... --destination DIR [--files-platform OS/ARCH], repeatable: layers of files from anywhere,
// each in every platform's image or in one's; --dereference.
void add_files_options(CLI::App& command, BuildSettingsArguments& arguments);

// --also-tag REF, repeatable.
void add_also_tag_option(CLI::App& command, BuildSettingsArguments& arguments);

// Throws UsageError for malformed values (K=V, commands).
project::BuildRequest to_request(const BuildSettingsArguments& arguments);

} // namespace pycontainer::cli
