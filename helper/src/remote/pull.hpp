#pragma once

#include "oci/descriptor.hpp"
#include "oci/platform.hpp"
#include "ref/reference.hpp"
#include "remote/http.hpp"
#include "remote/registry_options.hpp"

#include <string>
#include <vector>

namespace pycontainer::remote {

struct PullResult {
  // The store's name for what was pulled, immutable: "registry/repo@sha256:<top-level digest>".
  std::string pinned_name;
  oci::Digest top_digest = oci::Digest::of("");
  // The image manifest for the platform (the top-level manifest unless that was an index), with
  // its platform set.
  oci::Descriptor manifest;
};

// Pulls `reference` into the store (<cache_dir>/store): the manifest (an index or manifest list
// resolves to the `platform` entry; none matching is a UsageError listing the platforms there),
// then the config and layer blobs not yet there, in parallel (options.jobs), each verified while it
// streams. Manifests are written last and tagged, under the store lock, by the full reference and by
// name@digest, so a manifest in the store always has its blobs.
PullResult pull_to_store(const ref::Reference& reference, const oci::Platform& platform,
                         const RegistryOptions& options, HttpTransport& transport = curl_transport());

// The platforms of the images `reference` names (oci::image_platforms): an index's image entries, read
// with one manifest GET; a single image's from its config (downloaded into the store, as a pull would).
std::vector<oci::Platform> image_platforms(const ref::Reference& reference, const RegistryOptions& options,
                                          HttpTransport& transport = curl_transport());

} // namespace pycontainer::remote
