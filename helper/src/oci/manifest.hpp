#pragma once

#include "oci/descriptor.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::oci {

// An image manifest. Parsing accepts OCI and Docker schema2 manifests; we only write OCI ones. An
// artifact (an SBOM) is a manifest with an artifactType and usually a subject: the image it describes.
struct Manifest {
  std::string media_type{"application/vnd.oci.image.manifest.v1+json"};
  std::string artifact_type; // empty: an image
  Descriptor config;
  std::vector<Descriptor> layers;
  std::optional<Descriptor> subject;
  Annotations annotations;

  std::vector<Descriptor> blobs() const; // the config, then the layers

  nlohmann::json to_json() const;
  static Manifest from_json(const nlohmann::json& json);
  // Parses manifest bytes; throws UsageError with `what` ("manifest sha256:..") as context.
  static Manifest parse(std::string_view bytes, std::string_view what);
};

// An image index (or Docker manifest list).
struct Index {
  std::string media_type{"application/vnd.oci.image.index.v1+json"};
  std::vector<Descriptor> manifests;
  Annotations annotations;

  nlohmann::json to_json() const;
  static Index from_json(const nlohmann::json& json);
  static Index parse(std::string_view bytes, std::string_view what);
};

// The bytes we write for any JSON document: compact, keys sorted (nlohmann's default), so the same
// content always gives the same digest.
std::string canonical_json(const nlohmann::json& json);

} // namespace pycontainer::oci
