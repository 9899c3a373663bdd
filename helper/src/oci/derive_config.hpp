#pragma once

#include "oci/digest.hpp"
#include "oci/image_config.hpp"
#include "oci/platform.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pycontainer::oci {

// What a build changes in the image's runtime configuration.
struct ConfigChanges {
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
  std::vector<std::pair<std::string, std::string>> env; // applied in order; a key already set is replaced
  std::map<std::string, std::string> labels;
  std::optional<std::string> user;
  std::optional<std::string> workdir;
  std::vector<std::string> exposed_ports; // "8000" or "8000/udp"; "/tcp" is added where missing
};

struct LayerHistory {
  Digest diff_id = Digest::of("");
  std::string created_by; // "pycontainer: app files (12 files)"
};

// Derives our image config from the base image's (a default ImageConfig for `scratch`):
// - os/architecture/variant from `platform`;
// - Env merged by key, base order kept, new keys appended (PATH survives unless set explicitly);
// - Labels merged, ours win; User and WorkingDir kept unless set; ExposedPorts added;
// - setting an Entrypoint without a Cmd clears the base's Cmd (as Docker's ENTRYPOINT does);
// - rootfs.diff_ids = the base's followed by ours; one history entry per added layer;
// - `created` on the config and on our history entries.
// Members of the base config we do not model are kept.
ImageConfig derive_image_config(ImageConfig base, const Platform& platform, const ConfigChanges& changes,
                                const std::vector<LayerHistory>& layers, std::string_view created);

// How the history entry of a layer a PyContainer build adds begins: "pycontainer build: app layer (12 files)".
inline constexpr std::string_view k_build_history_prefix = "pycontainer build: ";

// For each layer of `config` (rootfs.diff_ids), whether a PyContainer build added it, as its history entry
// says (those of a base made by PyContainer too); all false when the history has not one entry per layer
// (those with empty_layer aside).
std::vector<bool> layers_added_by_build(const ImageConfig& config);

// "2026-11-24T10:00:00Z" for seconds since the epoch.
std::string rfc3339_utc(std::int64_t seconds);

} // namespace pycontainer::oci
