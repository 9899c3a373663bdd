#pragma once

#include "oci/digest.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Software bills of materials of an image: what it is (name, manifest digest, platform), what it was
// built on (the base image) and what Python code it holds (the application and every distribution of
// its dependencies, each with a package URL, pkg:pypi/<name>@<version>).
namespace pycontainer::sbom {

enum class Format { spdx, cyclonedx };

// "spdx" or "cyclonedx"; UsageError naming the choices otherwise.
Format parse_format(std::string_view text);
std::string_view media_type(Format format); // application/spdx+json, application/vnd.cyclonedx+json

struct Package {
  std::string name;    // as its metadata gives it: "Flask"
  std::string version; // "2.2.2"
  std::string license; // an SPDX license expression, or empty when the metadata gives none
};

struct Subject {
  std::string image_name; // "ghcr.io/acme/api:1.0"
  oci::Digest manifest_digest = oci::Digest::of("");
  std::string platform;   // "linux/amd64"
  std::string base_name;  // empty for scratch
  std::optional<oci::Digest> base_digest;
  std::string application_name;    // [project] name; empty when there is none
  std::string application_version;
  std::string created; // RFC 3339: the image's creation time, so that the document is reproducible
};

// The document: SPDX 2.3 JSON, or CycloneDX 1.5 JSON. The same input gives the same bytes (the SPDX
// namespace and the CycloneDX serial number derive from the manifest digest).
std::string write_document(Format format, const Subject& subject, const std::vector<Package>& packages);

// "pkg:pypi/flask@2.2.2": the PEP 503 name, the version percent-encoded as the purl spec says.
std::string pypi_purl(const Package& package);

} // namespace pycontainer::sbom
