#pragma once

#include "oci/descriptor.hpp"
#include "pipeline/link_files_memo.hpp"
#include "pipeline/records.hpp"
#include "project/plan.hpp"
#include "remote/registry_options.hpp"
#include "util/once_map.hpp"

#include <functional>
#include <vector>

namespace pycontainer::cache {
class LayerCache;
}

namespace pycontainer::pipeline {

// How the image of one platform is named: by the plan's tags (a single-platform build), or by none,
// as one image of an index that the tags name (its SBOM then named per platform, see steps.hpp).
enum class ImageNaming { by_tags, in_index };

struct PlatformImage {
  oci::Descriptor manifest; // its platform set
  project::BuildPlan plan;  // with the dependencies and all layers planned (for build_inputs)
  // The context's and FILES layers as packed, but those of a FILES group for this platform only: what
  // every platform's image has.
  std::vector<LayerRecord> shared_layers;
};

// What the platforms of one build share (nothing by default).
struct SharedWork {
  // The context's and FILES layers of every platform (PlatformImage::shared_layers) as another platform
  // packed them into plan.output, waiting for them if need be; taken as they are (still checked against
  // this platform). A FILES group for this platform only is packed here, as is everything when not set.
  std::function<std::vector<LayerRecord>()> own_layers;
  LinkFilesMemo* link_files = nullptr; // the link check's files of each layer, read once for all platforms
  // The dependency layers by key (PackSettings::packed_once): a platform-independent layer is packed once
  // for all platforms, by the first to get there.
  util::OnceMap<LayerRecord>* dependency_layers = nullptr;
};

// Builds the image of plan.platform on `base` (resolved for that platform) into plan.output: the
// dependencies (step 2), the context's and FILES layers (step 3) and the image (step 4), checked before
// anything is written. A lock's wheels are downloaded over `registry`'s connection settings.
PlatformImage build_platform_image(const project::BuildPlan& plan, const BaseRecord& base, cache::LayerCache* cache,
                                   ImageNaming naming, const SharedWork& shared,
                                   const remote::RegistryOptions& registry);

} // namespace pycontainer::pipeline
