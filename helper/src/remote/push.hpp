#pragma once

#include "layout/layout.hpp"
#include "oci/digest.hpp"
#include "oci/platform.hpp"
#include "remote/http.hpp"
#include "remote/registry_options.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::remote {

struct PushResult {
  std::string reference; // "registry/repo:tag"
  oci::Digest digest = oci::Digest::of("");
  std::size_t uploaded = 0, mounted = 0, existed = 0; // blobs
};

// Pushes the image `ref` of `layout` (an image manifest, or an index with every platform's manifest) to
// each of `destinations` (registry references; several tags of one repository upload the blobs once);
// with `platform`, only that platform's image of an index.
// Blobs: HEAD first; mounted from the base image's repository (the manifest's
// org.opencontainers.image.base.name) when it is on the same registry; else uploaded, options.jobs
// at a time. Then each platform's manifest is PUT by digest, and the top manifest or index under each tag,
// with its media type and the registry's digest checked. A registry refusing an index is told apart.
std::vector<PushResult> push_image(const layout::Layout& layout, std::string_view ref,
                                   const std::vector<std::string>& destinations, const RegistryOptions& options,
                                   const std::optional<oci::Platform>& platform = std::nullopt,
                                   HttpTransport& transport = curl_transport());

} // namespace pycontainer::remote
