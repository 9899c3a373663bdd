#pragma once

#include "project/plan.hpp"
#include "oci/descriptor.hpp"
#include "remote/registry_options.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace pycontainer::cache {
class LayerCache;
}

namespace pycontainer::pipeline {

struct BuildResult {
  oci::Descriptor manifest;
  std::string image_name; // full reference
  std::size_t layers_written = 0;
  std::vector<std::filesystem::path> inputs; // what the build read (build_inputs), for a depfile
};

// The platforms `plan` builds: plan.platforms, or with --platform all every image of the base's index
// (pipeline/base_image.hpp's base_platforms; said on stderr), the platforms of its FILES groups checked
// against them (project::check_layer_platforms). Writes nothing.
std::vector<oci::Platform> build_platforms(const project::BuildPlan& plan, const remote::RegistryOptions& registry);

// Writes the planned image into its output layout: base blobs linked in, new layers packed, config and
// manifest written, and index.json updated last, so a build killed at any moment leaves the previous
// image of the layout valid. Other images of the layout are kept; the same tag is replaced.
// With a layer cache, unchanged layers come from it and new ones are recorded in it.
// `inputs`: whether BuildResult::inputs is listed (for a depfile; a pass over every packed file).
enum class ListInputs { yes, no };
BuildResult run_build(const project::BuildPlan& plan, const remote::RegistryOptions& registry,
                      cache::LayerCache* cache = nullptr, ListInputs inputs = ListInputs::yes);

} // namespace pycontainer::pipeline
