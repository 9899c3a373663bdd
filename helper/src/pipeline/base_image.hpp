#pragma once

#include "oci/descriptor.hpp"
#include "oci/image_config.hpp"
#include "project/base_source.hpp"
#include "oci/platform.hpp"
#include "remote/registry_options.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::pipeline {

// A resolved base image: its config and its layer blobs on local disk.
struct BaseImage {
  std::string name;                  // for people (may be a path of this machine); empty for scratch
  // For the base.name annotation: the registry reference, or the name a local layout gives the image
  // (never its path, which would make the digest depend on where the base sits); empty when none.
  std::string reference;
  std::optional<oci::Digest> digest; // the platform manifest's digest
  oci::ImageConfig config;           // empty for scratch
  std::vector<oci::Descriptor> layers;
  std::filesystem::path blobs_directory; // where the layer blobs are (blobs/sha256 of a layout)

  bool is_scratch() const { return name.empty(); }
};

// Loads the base image for `platform`. An image index resolves to its `platform` entry; none
// matching is a UsageError listing the platforms it has. oci-archive files are unpacked into
// `work_directory`, which must outlive the result. Registry references are pulled into the shared
// store (<cache_dir>/store, see remote/pull.hpp) with `registry` options, and loaded from there; a
// reference by digest already in the store is used without contacting the registry.
BaseImage load_base_image(const project::BaseSource& source, const oci::Platform& platform,
                          const std::filesystem::path& work_directory,
                          const remote::RegistryOptions& registry = remote::RegistryOptions{});

// The platforms of the base's images (for --platform all, oci::image_platforms): each image entry of its
// index, or the one image's platform. An oci-archive is unpacked into `work_directory`; a registry base's
// index is read with one manifest GET (remote::image_platforms, with `registry`'s options). Scratch is a
// UsageError asking for the platforms by name.
std::vector<oci::Platform> base_platforms(const project::BaseSource& source, const std::filesystem::path& work_directory,
                                          const remote::RegistryOptions& registry);

} // namespace pycontainer::pipeline
