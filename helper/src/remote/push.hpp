#pragma once

#include "layout/layout.hpp"
#include "oci/digest.hpp"
#include "remote/http.hpp"
#include "remote/registry_options.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::remote {

struct PushResult {
  std::string reference; // "registry/repo:tag"
  oci::Digest digest = oci::Digest::of("");
  std::size_t uploaded = 0, mounted = 0, existed = 0; // blobs
};

// Pushes the image `ref` of `layout` (an image manifest, or an index with its manifests) to each of
// `destinations` (registry references; several tags of one repository upload the blobs once).
// Blobs: HEAD first; mounted from the base image's repository (the manifest's
// org.opencontainers.image.base.name) when it is on the same registry; else uploaded, options.jobs
// at a time. Then the manifest is PUT with its media type and the registry's digest checked.
std::vector<PushResult> push_image(const layout::Layout& layout, std::string_view ref,
                                   const std::vector<std::string>& destinations, const RegistryOptions& options,
                                   HttpTransport& transport = curl_transport());

} // namespace pycontainer::remote
