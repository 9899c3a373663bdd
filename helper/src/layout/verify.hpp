#pragma once

#include "layout/layout.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace pycontainer::layout {

struct VerifyReport {
  oci::Descriptor manifest;            // the image's manifest, or the index (without a platform)
  std::vector<oci::Descriptor> images; // each image's manifest, its platform set (from the index or config)
  std::size_t blobs_checked = 0;       // distinct blobs and documents
  std::size_t layers = 0;              // of every image
};

// The digest of a layer blob's uncompressed content (its diff_id), given its media type. Layers are
// decompressed by layer/, which writes its blobs through this area: verify takes the function
// (layer::diff_id_of_blob) so that layout/ does not include layer/.
using DiffIdOfBlob = std::function<oci::Digest(const std::filesystem::path& blob, std::string_view media_type)>;

// Checks one image of a layout thoroughly: index.json parses; the manifest, config and every layer
// blob exist, have the descriptor's size and re-hash to their digest; media types are known; each
// layer decompresses (`diff_id_of`) and hashes to the config's rootfs.diff_ids entry; the counts agree.
// An index (a multi-platform image) is checked image by image, and each entry's platform must be its
// config's os/architecture; with `platform`, only that platform's image is checked. A blob the images
// share is read once. Throws Error with the first problem found ("layer 2 (sha256:..): diff_id mismatch:
// config says .., content is ..").
VerifyReport verify_image(const Layout& layout, std::string_view ref, const DiffIdOfBlob& diff_id_of,
                          const std::optional<oci::Platform>& platform = std::nullopt);

// A summary of one image for `pycontainer inspect`: reference, manifest digest, platform, config
// (entrypoint, cmd, env, workdir, user, exposed ports, labels), layers (digest, media type, size,
// diff_id), history; of an index, each platform's image (with `platform`, only that one).
// `format_inspection` renders it for people.
nlohmann::json inspect_image(const Layout& layout, std::string_view ref,
                             const std::optional<oci::Platform>& platform = std::nullopt);
std::string format_inspection(const nlohmann::json& inspection);

} // namespace pycontainer::layout
