#include "sbom/document.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pycontainer::sbom {
namespace {

Subject example_subject()
{
  Subject subject;
  subject.image_name = "ghcr.io/acme/api:1.0";
  subject.manifest_digest = oci::Digest::of("manifest");
  subject.platform = "linux/amd64";
  subject.base_name = "docker.io/library/python:3.11-slim";
  subject.base_digest = oci::Digest::of("base");
  subject.application_name = "api";
  subject.application_version = "1.0";
  subject.created = "1980-01-01T00:00:00Z";
  return subject;
}

const std::vector<Package> k_packages{{"Flask", "2.2.2", "BSD-3-Clause"}, {"zope.interface", "5.5+local", ""}};

TEST(SbomDocument, PurlsUseTheNormalisedNameAndAnEncodedVersion)
{
  EXPECT_EQ(purl({"zope.interface", "5.5+local", ""}), "pkg:pypi/zope-interface@5.5%2Blocal");
  EXPECT_EQ(purl({"libc6", "2.36-9+deb12u4", "", "deb", "debian-12", "amd64"}),
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
  EXPECT_EQ(purl({"musl", "1.2.4-r2", "", "apk", "alpine-3.19.1", "x86_64"}),
            "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1");
  EXPECT_EQ(purl({"tzdata", "2024a-0+deb12u1", "", "deb", "", "all"}), "pkg:deb/tzdata@2024a-0%2Bdeb12u1?arch=all");
}

TEST(SbomDocument, SpdxDescribesTheImageItsBaseAndEveryPackage)
{
  auto document = nlohmann::json::parse(write_document(Format::spdx, example_subject(), k_packages));
  EXPECT_EQ(document["spdxVersion"], "SPDX-2.3");
  EXPECT_EQ(document["dataLicense"], "CC0-1.0");
  EXPECT_EQ(document["creationInfo"]["created"], "1980-01-01T00:00:00Z");
  auto packages = document["packages"];
  ASSERT_EQ(packages.size(), 5u); // image, base, application, two distributions
  EXPECT_EQ(packages[0]["SPDXID"], "SPDXRef-Image");
  EXPECT_EQ(packages[0]["versionInfo"], oci::Digest::of("manifest").str());
  EXPECT_EQ(packages[0]["externalRefs"][0]["referenceLocator"],
            "pkg:oci/api@sha256%3A" + oci::Digest::of("manifest").encoded() + "?repository_url=ghcr.io%2Facme%2Fapi");
  EXPECT_EQ(packages[3]["name"], "Flask");
  EXPECT_EQ(packages[3]["licenseDeclared"], "BSD-3-Clause");
  EXPECT_EQ(packages[4]["licenseDeclared"], "NOASSERTION");
  EXPECT_EQ(packages[4]["SPDXID"], "SPDXRef-Package-2-zope.interface");
  std::set<std::string> ids;
  for (const auto& package : packages) {
    ids.insert(package["SPDXID"].get<std::string>());
  }
  for (const auto& relationship : document["relationships"]) {
    auto from = relationship["spdxElementId"].get<std::string>();
    EXPECT_TRUE(from == "SPDXRef-DOCUMENT" || ids.contains(from)) << from;
    EXPECT_TRUE(ids.contains(relationship["relatedSpdxElement"].get<std::string>()));
  }
}

TEST(SbomDocument, CycloneDxListsComponentsAndTheirDependencies)
{
  auto document = nlohmann::json::parse(write_document(Format::cyclonedx, example_subject(), k_packages));
  EXPECT_EQ(document["bomFormat"], "CycloneDX");
  EXPECT_EQ(document["specVersion"], "1.5");
  EXPECT_TRUE(document["serialNumber"].get<std::string>().starts_with("urn:uuid:"));
  EXPECT_EQ(document["metadata"]["component"]["name"], "ghcr.io/acme/api:1.0");
  ASSERT_EQ(document["components"].size(), 4u);
  EXPECT_EQ(document["components"][2]["purl"], "pkg:pypi/flask@2.2.2");
  EXPECT_EQ(document["components"][2]["licenses"][0]["expression"], "BSD-3-Clause");
  EXPECT_FALSE(document["components"][3].contains("licenses"));
  EXPECT_EQ(document["dependencies"][0]["dependsOn"].size(), 4u);
}

TEST(SbomDocument, ALockedDistributionCarriesItsFilesHashAndUrl)
{
  Package locked{"Flask", "3.0.0", "BSD-3-Clause"};
  locked.sha256 = std::string(64, 'a');
  locked.download_url = "https://files.example/flask-3.0.0-py3-none-any.whl";
  std::vector<Package> packages{locked, {"zope.interface", "5.5+local", ""}};
  auto spdx = nlohmann::json::parse(write_document(Format::spdx, example_subject(), packages));
  const auto& flask = spdx["packages"][3];
  ASSERT_EQ(flask["name"], "Flask");
  EXPECT_EQ(flask["downloadLocation"], locked.download_url);
  EXPECT_EQ(flask["checksums"], nlohmann::json::parse(R"([{"algorithm": "SHA256", "checksumValue": ")" +
                                                      locked.sha256 + R"("}])"));
  EXPECT_EQ(spdx["packages"][4]["downloadLocation"], "NOASSERTION");
  EXPECT_FALSE(spdx["packages"][4].contains("checksums"));

  auto cyclonedx = nlohmann::json::parse(write_document(Format::cyclonedx, example_subject(), packages));
  const auto& component = cyclonedx["components"][2];
  ASSERT_EQ(component["name"], "Flask");
  EXPECT_EQ(component["hashes"][0]["alg"], "SHA-256");
  EXPECT_EQ(component["hashes"][0]["content"], locked.sha256);
  EXPECT_EQ(component["externalReferences"][0]["type"], "distribution");
  EXPECT_EQ(component["externalReferences"][0]["url"], locked.download_url);
  EXPECT_FALSE(cyclonedx["components"][3].contains("hashes"));
}

TEST(SbomDocument, SystemPackagesBelongToTheBase)
{
  auto packages = k_packages;
  packages.push_back({"libc6", "2.36-9", "", "deb", "debian-12", "amd64"});
  auto spdx = nlohmann::json::parse(write_document(Format::spdx, example_subject(), packages));
  ASSERT_EQ(spdx["packages"].size(), 6u);
  EXPECT_EQ(spdx["packages"][5]["externalRefs"][0]["referenceLocator"], "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12");
  auto id = spdx["packages"][5]["SPDXID"];
  auto contains = [&](const std::string& from, const nlohmann::json& to) {
    for (const auto& relationship : spdx["relationships"]) {
      if (relationship["spdxElementId"] == from && relationship["relationshipType"] == "CONTAINS" &&
          relationship["relatedSpdxElement"] == to) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(contains("SPDXRef-Base", id));
  EXPECT_FALSE(contains("SPDXRef-Image", id));
  EXPECT_TRUE(contains("SPDXRef-Image", spdx["packages"][3]["SPDXID"])); // Flask: the image's own

  auto cyclonedx = nlohmann::json::parse(write_document(Format::cyclonedx, example_subject(), packages));
  ASSERT_EQ(cyclonedx["components"].size(), 5u);
  EXPECT_EQ(cyclonedx["components"][4]["purl"], "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12");
  EXPECT_EQ(cyclonedx["components"][4]["bom-ref"], cyclonedx["components"][4]["purl"]);
}

TEST(SbomDocument, TheSameInputGivesTheSameBytes)
{
  EXPECT_EQ(write_document(Format::cyclonedx, example_subject(), k_packages),
            write_document(Format::cyclonedx, example_subject(), k_packages));
  auto other = example_subject();
  other.manifest_digest = oci::Digest::of("other");
  EXPECT_NE(nlohmann::json::parse(write_document(Format::spdx, example_subject(), k_packages))["documentNamespace"],
            nlohmann::json::parse(write_document(Format::spdx, other, k_packages))["documentNamespace"]);
}

TEST(SbomDocument, UnknownFormatsAreUsageErrors)
{
  EXPECT_EQ(parse_format("spdx"), Format::spdx);
  EXPECT_THROW(parse_format("swid"), UsageError);
}

} // namespace
} // namespace pycontainer::sbom
