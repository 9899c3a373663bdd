#pragma once

#include "layout/layout.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace pycontainer::layout {

struct VerifyReport {
  oci::Descriptor manifest;
  std::size_t blobs_checked = 0;
  std::size_t layers = 0;
};

// Checks one image of a layout thoroughly: index.json parses; the manifest, config and every layer
// blob exist, have the descriptor's size and re-hash to their digest; media types are known; each
// layer decompresses and hashes to the config's rootfs.diff_ids entry; the counts agree. Throws Error
// with the first problem found ("layer 2 (sha256:..): diff_id mismatch: config says .., content is ..").
VerifyReport verify_image(const Layout& layout, std::string_view ref);

// A summary of one image for `pycontainer inspect`: reference, manifest digest, platform, config
// (entrypoint, cmd, env, workdir, user, exposed ports, labels), layers (digest, media type, size,
// diff_id), history. `format_inspection` renders it for people.
nlohmann::json inspect_image(const Layout& layout, std::string_view ref);
std::string format_inspection(const nlohmann::json& inspection);

} // namespace pycontainer::layout
