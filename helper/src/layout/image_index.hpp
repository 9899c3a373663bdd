#pragma once

#include "layout/layout.hpp"
#include "oci/descriptor.hpp"

#include <vector>

namespace pycontainer::layout {

// Writes an OCI image index listing `manifests` (each with its platform set, in the order given) as a
// blob of `layout` and returns its descriptor (names in their annotations are left out). The manifests' own blobs must already be there. The
// index is canonical JSON, so the same manifests always give the same index digest. Throws
// UsageError when a manifest has no platform or two have the same one.
oci::Descriptor write_image_index(const Layout& layout, const std::vector<oci::Descriptor>& manifests);

} // namespace pycontainer::layout
