#pragma once

#include "pipeline/builder.hpp"
#include "project/settings.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::pipeline {

// One root filesystem tar (uncompressed or compressed) and the platform it is for.
struct RootfsTarball {
  std::filesystem::path tarball;
  std::string platform{"linux/amd64"};
};

struct ImportRequest {
  std::vector<RootfsTarball> tarballs; // one image each
  std::filesystem::path output;        // the layout to write into
  std::string tag;
  project::KeyValues env;
  project::KeyValues labels;
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
};

// Makes a single-layer base image from a root filesystem tarball, like `docker import`: the tar's
// bytes become the layer unchanged (compressed with gzip), so the same tarball always gives the same
// image. `created` is SOURCE_DATE_EPOCH or the default timestamp. With several tarballs (one per platform)
// the tag names an OCI image index of their images; the result's manifest is then the index.
BuildResult import_rootfs(const ImportRequest& request);

} // namespace pycontainer::pipeline
