#pragma once

#include "pipeline/builder.hpp"
#include "oci/platform.hpp"

#include <vector>

namespace pycontainer::pipeline {

// A build of several `platforms` (builder.hpp's build_platforms): the base resolved per platform,
// every base first (a platform the base lacks is an error naming it and the platforms the base has,
// before anything is written); then one image per platform (pipeline/platform_image.hpp: the
// dependencies for that platform, a platform-independent layer packed once, by the first platform to get
// to it, the same blob in every image that has it; the context's and FILES layers packed once, for the
// first platform, and checked against each: the same blobs in every image; a FILES group for one
// platform only in its image, packed by it), each with its own SBOM; then an OCI image index of
// them, which the plan's tags name in index.json. A failing platform names itself; an output layout the
// build created is removed again. The result's manifest is the index's descriptor.
BuildResult build_image_index(const project::BuildPlan& plan, const std::vector<oci::Platform>& platforms,
                              const remote::RegistryOptions& registry, cache::LayerCache* cache, ListInputs inputs);

} // namespace pycontainer::pipeline
