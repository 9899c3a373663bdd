#pragma once

#include "layout/layout.hpp"
#include "oci/descriptor.hpp"
#include "sbom/document.hpp"

#include <string>

namespace pycontainer::sbom {

// Stores `document` in `layout` as an OCI 1.1 artifact that refers to the image: a manifest with
// `artifactType` the document's media type, the empty config, the document as its one blob, and
// `subject` the image's manifest. index.json names it "<ref_name>.sbom" (and "<image_name>.sbom"), so
// that each build replaces the SBOM of its tag as it replaces the image, and tools can copy it by that
// name (skopeo copy oci:LAYOUT:1.0.sbom ...). Returns the artifact manifest's descriptor.
oci::Descriptor attach(const layout::Layout& layout, const oci::Descriptor& image, const std::string& ref_name,
                       const std::string& image_name, Format format, const std::string& document,
                       const std::string& created);

} // namespace pycontainer::sbom
