#pragma once

#include "oci/digest.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Software bills of materials of an image: what it is (name, manifest digest, platform), what it was
// built on (the base image and the system packages in it, pkg:deb/... or pkg:apk/...) and what Python
// code it holds (the application and every distribution of its dependencies, pkg:pypi/<name>@<version>).
namespace pycontainer::sbom {

enum class Format { spdx, cyclonedx };

// "spdx" or "cyclonedx"; UsageError naming the choices otherwise.
Format parse_format(std::string_view text);
std::string_view media_type(Format format); // application/spdx+json, application/vnd.cyclonedx+json

struct Package {
  std::string name;    // as its metadata gives it: "Flask"
  std::string version; // "2.2.2"
  std::string license; // an SPDX license expression, or empty when the metadata gives none
  // A Python distribution by default. A package of the base's system: its manager's purl type ("deb",
  // "apk"), its distribution ("debian-12", may be empty) and architecture ("amd64").
  std::string purl_type = "pypi";
  std::string distro{};
  std::string architecture{};
  // A distribution installed from a lock: the SHA-256 (hex) of the file the lock names, and its URL
  // (empty when the lock gives none).
  std::string sha256{};
  std::string download_url{};

  bool from_base() const { return purl_type != "pypi"; }
};

struct Subject {
  std::string image_name; // "ghcr.io/acme/api:1.0"
  oci::Digest manifest_digest = oci::Digest::of("");
  std::string platform;   // "linux/amd64"
  std::string base_name;  // empty for scratch
  std::optional<oci::Digest> base_digest;
  std::string application_name;    // the project's name (python::load_project); empty when none
  std::string application_version;
  std::string created; // RFC 3339: the image's creation time, so that the document is reproducible
};

// The document: SPDX 2.3 JSON, or CycloneDX 1.5 JSON. The same input gives the same bytes (the SPDX
// namespace and the CycloneDX serial number derive from the manifest digest).
std::string write_document(Format format, const Subject& subject, const std::vector<Package>& packages);

// The package URL: "pkg:pypi/flask@2.2.2" (the PEP 503 name), "pkg:deb/debian/libc6@2.36-9?arch=amd64&
// distro=debian-12" (the namespace is the distribution's ID), "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&
// distro=alpine-3.19.1"; versions and qualifiers percent-encoded as the purl spec says.
std::string purl(const Package& package);

} // namespace pycontainer::sbom
