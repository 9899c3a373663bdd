#include "sbom/attach.hpp"

#include "oci/manifest.hpp"
#include "oci/media_types.hpp"

namespace pycontainer::sbom {

namespace {

constexpr const char* k_empty_media_type = "application/vnd.oci.empty.v1+json";

} // namespace

oci::Descriptor attach(const layout::Layout& layout, const oci::Descriptor& image, const std::string& ref_name,
                       const std::string& image_name, Format format, const std::string& document,
                       const std::string& created)
{
  auto type = std::string(media_type(format));
  oci::Manifest manifest;
  manifest.artifact_type = type;
  manifest.config = layout.write_blob("{}", k_empty_media_type);
  auto blob = layout.write_blob(document, type);
  blob.annotations["org.opencontainers.image.title"] =
    format == Format::spdx ? "sbom.spdx.json" : "sbom.cyclonedx.json";
  manifest.layers.push_back(std::move(blob));
  manifest.subject = oci::Descriptor{image.media_type, image.digest, image.size, {}, std::nullopt, ""};
  manifest.annotations["org.opencontainers.image.created"] = created;
  auto descriptor =
    layout.write_blob(oci::canonical_json(manifest.to_json()), std::string(oci::media_type::k_oci_manifest));
  descriptor.artifact_type = type; // so that index readers can tell the SBOM from images without fetching it
  layout.set_tag(descriptor, ref_name + ".sbom", image_name + ".sbom");
  return descriptor;
}

} // namespace pycontainer::sbom
