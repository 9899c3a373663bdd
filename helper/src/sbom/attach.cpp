#include "sbom/attach.hpp"

#include "oci/manifest.hpp"
#include "oci/media_types.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::sbom {

namespace {

constexpr const char* k_empty_media_type = "application/vnd.oci.empty.v1+json";

} // namespace

oci::Descriptor attach(const layout::Layout& layout, const oci::Descriptor& image, const std::string& ref_name,
                       const std::string& image_name, Format format, const std::string& document,
                       const std::string& created)
{
  auto type = std::string(media_type(format));
  auto empty = layout.write_blob("{}", k_empty_media_type);
  auto blob = layout.write_blob(document, type);
  auto layer = blob.to_json();
  layer["annotations"] = {
    {"org.opencontainers.image.title", format == Format::spdx ? "sbom.spdx.json" : "sbom.cyclonedx.json"}};
  nlohmann::json subject = {
    {"mediaType", image.media_type}, {"digest", image.digest.str()}, {"size", image.size}};
  nlohmann::json manifest = {{"schemaVersion", 2},
                             {"mediaType", std::string(oci::media_type::k_oci_manifest)},
                             {"artifactType", type},
                             {"config", empty.to_json()},
                             {"layers", nlohmann::json::array({layer})},
                             {"subject", subject},
                             {"annotations", {{"org.opencontainers.image.created", created}}}};
  auto descriptor = layout.write_blob(oci::canonical_json(manifest), std::string(oci::media_type::k_oci_manifest));
  descriptor.artifact_type = type; // so that index readers can tell the SBOM from images without fetching it
  layout.set_tag(descriptor, ref_name + ".sbom", image_name + ".sbom");
  return descriptor;
}

} // namespace pycontainer::sbom
