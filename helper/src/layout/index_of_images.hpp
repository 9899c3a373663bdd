#pragma once

#include "layout/layout.hpp"
#include "ref/reference.hpp"

#include <vector>

namespace pycontainer::layout {

// Writes into `target` an image index of the images `sources` name (LAYOUT[:REF], each one image: an
// index is refused; its platform is its config's), their blobs linked (or copied) from the source
// layouts after their sizes are checked, and names the index by `tags` in target's index.json (as a
// build names its image, ref_names). Each image's artifacts in its layout (its SBOMs: index.json entries
// with an artifactType whose manifest's subject is the image) come along, named there as they are
// ("1.linux-arm64.sbom", as `pycontainer assemble --for-index` names them). How a build system that
// builds one platform per step makes a multi-platform image. Throws UsageError for two images of one
// platform, two artifacts of one name, or no tags.
oci::Descriptor write_index_of_images(const Layout& target, const std::vector<LayoutArgument>& sources,
                                      const std::vector<ref::Reference>& tags);

} // namespace pycontainer::layout
