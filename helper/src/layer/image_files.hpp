#pragma once

#include "layer/layer_reader.hpp"
#include "layout/layout.hpp"
#include "oci/platform.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace pycontainer::layer {

// How one layer changes the image's file system, path by path (absolute, without "./" or a trailing '/').
struct LayerChanges {
  // A path the layer adds or replaces; `reader` is on its entry (for its type, link target, content).
  std::function<void(const std::string& path, archive_entry* entry, LayerReader& reader)> add;
  // An OCI whiteout ".wh.<name>": the path and what is below it go.
  std::function<void(const std::string& path)> remove;
  // An opaque whiteout ".wh..wh..opq": what is below the directory goes.
  std::function<void(const std::string& directory)> empty;
};

// Reads the layer blob (checked against `expected_sha256` when given, as LayerReader does) and reports
// its changes.
void apply_layer(const std::filesystem::path& blob, std::string_view media_type,
                 const std::optional<std::string>& expected_sha256, const LayerChanges& changes);

// The absolute paths of the image's file system, all layers applied in order (of `platform`'s image when
// `ref` is an index).
std::set<std::string> image_paths(const layout::Layout& layout, std::string_view ref,
                                  const std::optional<oci::Platform>& platform = std::nullopt);

} // namespace pycontainer::layer
