#pragma once

#include "oci/digest.hpp"
#include "oci/platform.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace pycontainer::oci {

using Annotations = std::map<std::string, std::string>;

// An OCI content descriptor.
struct Descriptor {
  std::string media_type;
  Digest digest = Digest::of("");
  std::int64_t size = 0;
  Annotations annotations;
  std::optional<Platform> platform;
  std::string artifact_type; // "artifactType" of an artifact manifest's descriptor (OCI 1.1); empty: none

  nlohmann::json to_json() const;
  // Throws UsageError naming the missing or malformed field.
  static Descriptor from_json(const nlohmann::json& json);
};

} // namespace pycontainer::oci
