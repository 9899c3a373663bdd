#pragma once

#include "oci/platform.hpp"
#include "pipeline/link_files.hpp"
#include "pipeline/records.hpp"
#include "project/plan.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace pycontainer::pipeline {

// What the link check needs besides the layers.
struct LinkCheck {
  oci::Platform platform;
  std::string ld_library_path; // the image's LD_LIBRARY_PATH
  bool allow_missing = false;  // a warning rather than a UsageError
};

// The image's own layers (bottom first) as the link check takes them: a key naming each one's content,
// and their link files, asked for only when the check runs.
struct OwnLayers {
  std::vector<std::string> keys; // cache::layer_key (pycontainer build) or the diff_id (assemble)
  std::function<std::vector<LinkFiles>()> files;
  bool racy = false; // a file of them changed within the last 2 s (has_racy_entry): a pass is not remembered
};

// The link check (deps::find_missing_libraries): every ELF file of `layers` built for the platform has
// each DT_NEEDED library found in the image's file system, the base's (deps::base_file_view, read from
// its layers once and cached) under the layers. A missing library is a UsageError naming it (a warning
// with allow_missing). As the ELF check, a pass is remembered by a marker (pipeline/check_marker.hpp)
// keyed by the layers' keys, the base's layer digests, the platform and LD_LIBRARY_PATH, so a warm
// build reads nothing (and repeats the warning of the pass it remembers); the base and our layers'
// files are read only on a miss. Which loader searches (glibc's or musl's) is told by the image's
// files (deps::loader_libc).
void check_image_links(const OwnLayers& layers, const BaseRecord& base, const LinkCheck& check,
                       const std::filesystem::path& cache_directory);

// The image's LD_LIBRARY_PATH: the plan's environment, else the base's.
std::string image_ld_library_path(const project::BuildPlan& plan, const BaseRecord& base);

} // namespace pycontainer::pipeline
