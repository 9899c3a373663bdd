#include "sbom/document.hpp"

#include "deps/distributions.hpp"
#include "util/error.hpp"
#include "util/format.hpp"

#include <nlohmann/json.hpp>


namespace pycontainer::sbom {

namespace {

using nlohmann::ordered_json;

// pkg:oci/<last path component>@<digest>?repository_url=<registry/repository>, the purl of an image.
std::string oci_purl(const std::string& image_name, const oci::Digest& digest)
{
  auto repository = image_name.substr(0, image_name.find_first_of("@"));
  auto last_slash = repository.rfind('/');
  auto colon = repository.rfind(':');
  if (colon != std::string::npos && (last_slash == std::string::npos || colon > last_slash)) {
    repository.resize(colon); // the tag
  }
  auto name = repository.substr(last_slash == std::string::npos ? 0 : last_slash + 1);
  return "pkg:oci/" + name + "@" + util::percent_encode(digest.str()) + "?repository_url=" + util::percent_encode(repository);
}

std::string spdx_id(std::string_view prefix, std::size_t index, std::string_view name)
{
  std::string id = std::string(prefix) + "-" + std::to_string(index) + "-";
  for (char c : name) {
    id += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '-';
  }
  return id;
}

ordered_json spdx_package(const std::string& id, const std::string& name, const std::string& version,
                          const std::string& purpose, const std::string& license, const std::string& purl)
{
  ordered_json package = {{"SPDXID", id}, {"name", name}};
  if (!version.empty()) {
    package["versionInfo"] = version;
  }
  package["downloadLocation"] = "NOASSERTION";
  package["filesAnalyzed"] = false;
  package["licenseConcluded"] = "NOASSERTION";
  package["licenseDeclared"] = license.empty() ? "NOASSERTION" : license;
  package["copyrightText"] = "NOASSERTION";
  package["primaryPackagePurpose"] = purpose;
  if (!purl.empty()) {
    package["externalRefs"] = ordered_json::array(
      {{{"referenceCategory", "PACKAGE-MANAGER"}, {"referenceType", "purl"}, {"referenceLocator", purl}}});
  }
  return package;
}

std::string write_spdx(const Subject& subject, const std::vector<Package>& packages)
{
  auto packages_json = ordered_json::array();
  auto relationships = ordered_json::array();
  auto relate = [&](const std::string& from, const char* type, const std::string& to) {
    relationships.push_back({{"spdxElementId", from}, {"relationshipType", type}, {"relatedSpdxElement", to}});
  };
  packages_json.push_back(spdx_package("SPDXRef-Image", subject.image_name, subject.manifest_digest.str(), "CONTAINER",
                                       "", oci_purl(subject.image_name, subject.manifest_digest)));
  relate("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");
  if (!subject.base_name.empty()) {
    auto digest = subject.base_digest ? subject.base_digest->str() : "";
    packages_json.push_back(spdx_package("SPDXRef-Base", subject.base_name, digest, "CONTAINER", "",
                                         subject.base_digest ? oci_purl(subject.base_name, *subject.base_digest) : ""));
    relate("SPDXRef-Image", "DESCENDANT_OF", "SPDXRef-Base");
  }
  if (!subject.application_name.empty()) {
    packages_json.push_back(spdx_package("SPDXRef-Application", subject.application_name, subject.application_version,
                                         "APPLICATION", "", ""));
    relate("SPDXRef-Image", "CONTAINS", "SPDXRef-Application");
  }
  for (std::size_t index = 0; index < packages.size(); ++index) {
    const auto& package = packages[index];
    auto id = spdx_id("SPDXRef-Package", index + 1, package.name);
    auto json = spdx_package(id, package.name, package.version, "LIBRARY", package.license, purl(package));
    if (!package.download_url.empty()) {
      json["downloadLocation"] = package.download_url;
    }
    if (!package.sha256.empty()) {
      json["checksums"] = ordered_json::array({{{"algorithm", "SHA256"}, {"checksumValue", package.sha256}}});
    }
    packages_json.push_back(std::move(json));
    relate(package.from_base() && !subject.base_name.empty() ? "SPDXRef-Base" : "SPDXRef-Image", "CONTAINS", id);
  }
  ordered_json document = {
    {"spdxVersion", "SPDX-2.3"},
    {"dataLicense", "CC0-1.0"},
    {"SPDXID", "SPDXRef-DOCUMENT"},
    {"name", subject.image_name},
    {"documentNamespace", "https://spdx.org/spdxdocs/pycontainer/" + util::percent_encode(subject.image_name) + "-" +
                            subject.manifest_digest.encoded()},
    {"creationInfo", {{"created", subject.created}, {"creators", {"Tool: pycontainer-" PYCONTAINER_VERSION}}}},
    {"packages", packages_json},
    {"relationships", relationships}};
  return document.dump(2) + "\n";
}

// A UUID (RFC 4122 layout, version 5 and variant bits set) made from the manifest digest.
std::string serial_number(const oci::Digest& digest)
{
  auto hex = digest.encoded().substr(0, 32);
  hex[12] = '5';
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return "urn:uuid:" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
         "-" + hex.substr(20, 12);
}

std::string write_cyclonedx(const Subject& subject, const std::vector<Package>& packages)
{
  auto components = ordered_json::array();
  auto depends_on = ordered_json::array();
  if (!subject.base_name.empty()) {
    ordered_json base = {{"type", "container"}, {"bom-ref", "base-image"}, {"name", subject.base_name}};
    if (subject.base_digest) {
      base["version"] = subject.base_digest->str();
      base["purl"] = oci_purl(subject.base_name, *subject.base_digest);
    }
    components.push_back(base);
    depends_on.push_back("base-image");
  }
  if (!subject.application_name.empty()) {
    ordered_json application = {{"type", "application"}, {"bom-ref", "application"}, {"name", subject.application_name}};
    if (!subject.application_version.empty()) {
      application["version"] = subject.application_version;
    }
    components.push_back(application);
    depends_on.push_back("application");
  }
  for (const auto& package : packages) {
    auto reference = purl(package);
    ordered_json component = {{"type", "library"},
                              {"bom-ref", reference},
                              {"name", package.name},
                              {"version", package.version},
                              {"purl", reference}};
    if (!package.license.empty()) {
      component["licenses"] = ordered_json::array({{{"expression", package.license}}});
    }
    if (!package.sha256.empty()) {
      component["hashes"] = ordered_json::array({{{"alg", "SHA-256"}, {"content", package.sha256}}});
    }
    if (!package.download_url.empty()) {
      component["externalReferences"] = ordered_json::array({{{"type", "distribution"}, {"url", package.download_url}}});
    }
    components.push_back(component);
    depends_on.push_back(reference);
  }
  ordered_json image = {{"type", "container"},
                        {"bom-ref", "image"},
                        {"name", subject.image_name},
                        {"version", subject.manifest_digest.str()},
                        {"purl", oci_purl(subject.image_name, subject.manifest_digest)},
                        {"properties", ordered_json::array({{{"name", "oci:platform"}, {"value", subject.platform}}})}};
  ordered_json document = {
    {"$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json"},
    {"bomFormat", "CycloneDX"},
    {"specVersion", "1.5"},
    {"serialNumber", serial_number(subject.manifest_digest)},
    {"version", 1},
    {"metadata",
     {{"timestamp", subject.created},
      {"tools", {{"components", ordered_json::array({{{"type", "application"}, {"name", "pycontainer"},
                                                     {"version", PYCONTAINER_VERSION}}})}}},
      {"component", image}}},
    {"components", components},
    {"dependencies", ordered_json::array({{{"ref", "image"}, {"dependsOn", depends_on}}})}};
  return document.dump(2) + "\n";
}

} // namespace

Format parse_format(std::string_view text)
{
  if (text == "spdx") {
    return Format::spdx;
  }
  if (text == "cyclonedx") {
    return Format::cyclonedx;
  }
  throw UsageError("sbom \"" + std::string(text) + "\" is not a format: use spdx or cyclonedx");
}

std::string_view media_type(Format format)
{
  return format == Format::spdx ? "application/spdx+json" : "application/vnd.cyclonedx+json";
}

std::string purl(const Package& package)
{
  if (!package.from_base()) {
    return "pkg:pypi/" + deps::normalise_name(package.name) + "@" + util::percent_encode(package.version);
  }
  auto vendor = package.distro.substr(0, package.distro.find('-'));
  std::string text = "pkg:" + package.purl_type + "/" + (vendor.empty() ? "" : util::percent_encode(vendor) + "/") +
                     util::percent_encode(package.name) + "@" + util::percent_encode(package.version);
  std::string separator = "?";
  for (const auto& [key, value] : {std::pair{"arch", package.architecture}, std::pair{"distro", package.distro}}) {
    if (!value.empty()) {
      text += separator + key + "=" + util::percent_encode(value);
      separator = "&";
    }
  }
  return text;
}

std::string write_document(Format format, const Subject& subject, const std::vector<Package>& packages)
{
  return format == Format::spdx ? write_spdx(subject, packages) : write_cyclonedx(subject, packages);
}

} // namespace pycontainer::sbom
