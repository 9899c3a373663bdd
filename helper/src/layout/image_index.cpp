#include "layout/image_index.hpp"

#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "util/error.hpp"

#include <set>
#include <string>
#include <utility>

namespace pycontainer::layout {

oci::Descriptor write_image_index(const Layout& layout, const std::vector<oci::Descriptor>& manifests)
{
  oci::Index index;
  index.media_type = std::string(oci::media_type::k_oci_index);
  std::set<std::string> platforms;
  for (const auto& manifest : manifests) {
    if (!manifest.platform) {
      throw UsageError("manifest " + manifest.digest.str() + " has no platform: an image index needs one per image");
    }
    if (!platforms.insert(manifest.platform->str()).second) {
      throw UsageError("two images for platform " + manifest.platform->str() + " in one image index");
    }
    auto entry = manifest;
    // Names belong to index.json's entries, not to the images of an index.
    entry.annotations.erase(std::string(k_ref_name_annotation));
    entry.annotations.erase(std::string(k_image_name_annotation));
    index.manifests.push_back(std::move(entry));
  }
  return layout.write_blob(oci::canonical_json(index.to_json()), std::string(oci::media_type::k_oci_index));
}

} // namespace pycontainer::layout
