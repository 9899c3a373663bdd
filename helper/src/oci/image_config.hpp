#pragma once

#include "oci/digest.hpp"
#include "oci/platform.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::oci {

// The "config" member of an image config: how a container of the image runs. Members we do not model
// (Healthcheck, ArgsEscaped, OnBuild...) are kept in `other` and written back as they were.
struct RuntimeConfig {
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
  std::vector<std::string> env; // "KEY=value", in order
  std::string user;
  std::string working_dir;
  std::set<std::string> exposed_ports; // "8000/tcp"
  std::set<std::string> volumes;
  std::map<std::string, std::string> labels;
  std::string stop_signal;
  nlohmann::json other = nlohmann::json::object();

  // The value the last "NAME=" entry of env gives; nullopt when none does.
  std::optional<std::string> env_value(std::string_view name) const;
  // Replaces the value of every "NAME=" entry in place; appends one when there is none.
  void set_env(std::string_view name, std::string_view value);

  bool operator==(const RuntimeConfig&) const = default;
};

struct HistoryEntry {
  std::string created;
  std::string created_by;
  std::string author;
  std::string comment;
  bool empty_layer = false;
  nlohmann::json other = nlohmann::json::object();

  nlohmann::json to_json() const;

  bool operator==(const HistoryEntry&) const = default;
};

// An image config (application/vnd.oci.image.config.v1+json, or Docker's v1 config, which is the
// same document). Reading keeps every member we do not model (os.version, container, docker_version...)
// in `other`, so a config read and written again keeps them; the bytes may differ (keys are sorted,
// nulls dropped), which is why a base's config blob is never rewritten, only derived from.
struct ImageConfig {
  Platform platform; // "os", "architecture", "variant"
  std::string created; // RFC 3339; empty: not set
  std::string author;
  RuntimeConfig config;
  std::vector<Digest> diff_ids; // rootfs.diff_ids, one per layer ("type": "layers")
  std::vector<HistoryEntry> history;
  nlohmann::json other = nlohmann::json::object();

  nlohmann::json to_json() const;
  // Throws UsageError naming the field that is missing or of the wrong type ("config: Env: expected an
  // array of strings, got 5"); rootfs.diff_ids is required.
  static ImageConfig from_json(const nlohmann::json& json);
  // Parses config bytes; `what` ("config sha256:..") is the errors' context.
  static ImageConfig parse(std::string_view bytes, std::string_view what);

  bool operator==(const ImageConfig&) const = default;
};

} // namespace pycontainer::oci
