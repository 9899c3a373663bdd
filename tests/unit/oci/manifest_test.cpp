#include "oci/manifest.hpp"

#include "oci/media_types.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pycontainer::oci {
namespace {

Descriptor descriptor(std::string_view media_type, std::string_view content)
{
  Descriptor result;
  result.media_type = std::string(media_type);
  result.digest = Digest::of(content);
  result.size = static_cast<std::int64_t>(content.size());
  return result;
}

Manifest sample_manifest()
{
  Manifest manifest;
  manifest.config = descriptor(media_type::k_oci_config, "{}");
  manifest.layers.push_back(descriptor(media_type::k_oci_layer_gzip, "layer one"));
  manifest.layers.push_back(descriptor(media_type::k_oci_layer_zstd, "layer two"));
  manifest.layers.back().annotations["org.example.note"] = "second";
  manifest.annotations["org.opencontainers.image.created"] = "1980-01-01T00:00:00Z";
  return manifest;
}

TEST(ManifestTest, JsonRoundTrip)
{
  auto manifest = sample_manifest();
  auto bytes = canonical_json(manifest.to_json());
  auto parsed = Manifest::parse(bytes, "manifest");
  EXPECT_EQ(parsed.media_type, media_type::k_oci_manifest);
  EXPECT_EQ(parsed.config.digest, manifest.config.digest);
  EXPECT_EQ(parsed.config.media_type, media_type::k_oci_config);
  EXPECT_EQ(parsed.config.size, 2);
  ASSERT_EQ(parsed.layers.size(), 2U);
  EXPECT_EQ(parsed.layers[0].media_type, media_type::k_oci_layer_gzip);
  EXPECT_EQ(parsed.layers[1].digest, Digest::of("layer two"));
  EXPECT_EQ(parsed.layers[1].annotations.at("org.example.note"), "second");
  EXPECT_EQ(parsed.annotations, manifest.annotations);
  // Writing what was read gives the same bytes, hence the same digest.
  EXPECT_EQ(canonical_json(parsed.to_json()), bytes);
}

TEST(ManifestTest, ArtifactWithSubjectRoundTrips)
{
  Manifest artifact;
  artifact.artifact_type = "application/spdx+json";
  artifact.config = descriptor("application/vnd.oci.empty.v1+json", "{}");
  artifact.layers.push_back(descriptor("application/spdx+json", "{\"spdxVersion\": \"SPDX-2.3\"}"));
  artifact.subject = descriptor(media_type::k_oci_manifest, "the image");
  auto bytes = canonical_json(artifact.to_json());
  auto parsed = Manifest::parse(bytes, "sbom");
  EXPECT_EQ(parsed.artifact_type, "application/spdx+json");
  ASSERT_TRUE(parsed.subject);
  EXPECT_EQ(parsed.subject->digest, Digest::of("the image"));
  EXPECT_EQ(parsed.subject->media_type, media_type::k_oci_manifest);
  EXPECT_EQ(canonical_json(parsed.to_json()), bytes);
  EXPECT_FALSE(sample_manifest().to_json().contains("subject"));
  EXPECT_FALSE(sample_manifest().to_json().contains("artifactType"));
}

TEST(ManifestTest, MalformedSubjectNamesIt)
{
  auto json = sample_manifest().to_json();
  json["subject"] = {{"mediaType", "x"}, {"digest", "sha256:zz"}, {"size", 1}};
  try {
    Manifest::parse(json.dump(), "manifest");
    FAIL() << "a malformed subject was accepted";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("manifest: subject: digest"), std::string::npos) << error.what();
  }
}

TEST(ManifestTest, ToJsonHasSchemaVersionAndNoEmptyAnnotations)
{
  Manifest manifest;
  manifest.config = descriptor(media_type::k_oci_config, "{}");
  auto json = manifest.to_json();
  EXPECT_EQ(json["schemaVersion"], 2);
  EXPECT_EQ(json["mediaType"], media_type::k_oci_manifest);
  EXPECT_TRUE(json["layers"].is_array());
  EXPECT_TRUE(json["layers"].empty());
  EXPECT_FALSE(json.contains("annotations"));
  EXPECT_FALSE(json["config"].contains("annotations"));
}

TEST(ManifestTest, CanonicalJsonIsCompactWithSortedKeys)
{
  auto json = nlohmann::json::parse(R"({ "b": 1, "a": {"d": [1, 2], "c": "x"} })");
  EXPECT_EQ(canonical_json(json), R"({"a":{"c":"x","d":[1,2]},"b":1})");
}

TEST(ManifestTest, ParsesDockerSchema2)
{
  const std::string config_digest = "sha256:" + std::string(64, 'c');
  auto bytes = R"({
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
               "digest": "sha256:)" + std::string(64, 'c') + R"("},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 32654,
                "digest": "sha256:)" + std::string(64, 'a') + R"("}]
  })";
  auto manifest = Manifest::parse(bytes, "manifest");
  EXPECT_EQ(manifest.media_type, media_type::k_docker_manifest);
  EXPECT_EQ(manifest.config.media_type, media_type::k_docker_config);
  EXPECT_EQ(manifest.config.digest.str(), config_digest);
  EXPECT_EQ(manifest.config.size, 7023);
  ASSERT_EQ(manifest.layers.size(), 1U);
  EXPECT_EQ(manifest.layers[0].media_type, media_type::k_docker_layer_gzip);
  EXPECT_TRUE(media_type::is_layer(manifest.layers[0].media_type));
  EXPECT_EQ(media_type::to_oci(manifest.media_type), media_type::k_oci_manifest);
}

TEST(ManifestTest, MissingMediaTypeMeansOci)
{
  auto json = sample_manifest().to_json();
  json.erase("mediaType");
  EXPECT_EQ(Manifest::from_json(json).media_type, media_type::k_oci_manifest);
}

void expect_parse_error(const std::string& bytes, const std::string& part)
{
  try {
    Manifest::parse(bytes, "manifest sha256:x");
    FAIL() << "accepted " << bytes;
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("manifest sha256:x"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find(part), std::string::npos) << error.message();
  }
}

TEST(ManifestTest, MalformedManifestsNameTheProblem)
{
  expect_parse_error("not json", "not a JSON object");
  expect_parse_error("[1, 2]", "not a JSON object");
  auto json = sample_manifest().to_json();

  auto without_config = json;
  without_config.erase("config");
  expect_parse_error(without_config.dump(), "no \"config\"");

  auto without_layers = json;
  without_layers.erase("layers");
  expect_parse_error(without_layers.dump(), "no \"layers\" array");

  auto index_type = json;
  index_type["mediaType"] = media_type::k_oci_index;
  expect_parse_error(index_type.dump(), "unsupported manifest media type");

  auto bad_digest = json;
  bad_digest["layers"][1]["digest"] = "sha256:short";
  expect_parse_error(bad_digest.dump(), "layers[1]");

  auto no_size = json;
  no_size["layers"][0].erase("size");
  expect_parse_error(no_size.dump(), "descriptor has no \"size\"");

  auto negative = json;
  negative["config"]["size"] = -1;
  expect_parse_error(negative.dump(), "negative size");
}

TEST(ManifestTest, FieldsOfTheWrongTypeNameFieldAndValue)
{
  // No nlohmann exception escapes: each wrong type is a UsageError naming where it is and what it got.
  auto json = sample_manifest().to_json();
  auto with = [&](auto change) {
    auto changed = json;
    change(changed);
    return changed.dump();
  };
  expect_parse_error(with([](auto& j) { j["mediaType"] = 5; }), "mediaType: expected a string, got 5");
  expect_parse_error(with([](auto& j) { j["layers"][1]["mediaType"] = 5; }),
                     "layers[1]: mediaType: expected a string, got 5");
  expect_parse_error(with([](auto& j) { j["config"]["digest"] = 7; }), "config: digest: expected a string, got 7");
  expect_parse_error(with([](auto& j) { j["config"]["size"] = "12"; }), "config: size: expected an integer, got a string");
  expect_parse_error(with([](auto& j) { j["layers"] = {{"a", 1}}; }), "layers: expected an array, got an object");
  expect_parse_error(with([](auto& j) { j["layers"][0]["artifactType"] = true; }),
                     "layers[0]: artifactType: expected a string, got true");
}

TEST(ManifestIndexTest, FieldsOfTheWrongTypeNameFieldAndValue)
{
  auto check = [](const std::string& bytes, const std::string& part) {
    try {
      Index::parse(bytes, "index.json of 'dist'");
      FAIL() << "accepted " << bytes;
    } catch (const UsageError& error) {
      EXPECT_NE(error.message().find("index.json of 'dist'"), std::string::npos) << error.message();
      EXPECT_NE(error.message().find(part), std::string::npos) << error.message();
    }
  };
  std::string digest = Digest::of("m").str();
  check(R"({"schemaVersion":2,"manifests":[{"mediaType":5,"digest":")" + digest + R"(","size":1}]})",
        "manifests[0]: mediaType: expected a string, got 5");
  check(R"({"schemaVersion":2,"manifests":[{"mediaType":"m","digest":")" + digest +
          R"(","size":1,"platform":{"os":5}}]})",
        "manifests[0]: platform: os: expected a string, got 5");
  check(R"({"schemaVersion":2,"mediaType":[],"manifests":[]})", "mediaType: expected a string, got an array");
}

TEST(ManifestIndexTest, JsonRoundTripWithPlatformsAndAnnotations)
{
  Index index;
  auto amd64 = descriptor(media_type::k_oci_manifest, "amd64 manifest");
  amd64.platform = Platform::parse("linux/amd64");
  amd64.annotations["org.opencontainers.image.ref.name"] = "1.0";
  auto arm = descriptor(media_type::k_oci_manifest, "arm manifest");
  arm.platform = Platform::parse("linux/arm/v7");
  index.manifests = {amd64, arm};
  index.annotations["org.example"] = "yes";

  auto bytes = canonical_json(index.to_json());
  auto parsed = Index::parse(bytes, "index.json");
  EXPECT_EQ(parsed.media_type, media_type::k_oci_index);
  ASSERT_EQ(parsed.manifests.size(), 2U);
  EXPECT_EQ(parsed.manifests[0].digest, amd64.digest);
  EXPECT_EQ(parsed.manifests[0].annotations.at("org.opencontainers.image.ref.name"), "1.0");
  ASSERT_TRUE(parsed.manifests[1].platform.has_value());
  EXPECT_EQ(parsed.manifests[1].platform->str(), "linux/arm/v7");
  EXPECT_EQ(parsed.annotations.at("org.example"), "yes");
  EXPECT_EQ(canonical_json(parsed.to_json()), bytes);
}

TEST(ManifestIndexTest, EmptyIndexJson)
{
  EXPECT_EQ(canonical_json(Index{}.to_json()),
            R"({"manifests":[],"mediaType":"application/vnd.oci.image.index.v1+json","schemaVersion":2})");
}

TEST(ManifestIndexTest, ParsesDockerManifestList)
{
  auto bytes = R"({
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
    "manifests": [
      {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 1234,
       "digest": "sha256:)" + std::string(64, 'a') + R"(",
       "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}},
      {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 1235,
       "digest": "sha256:)" + std::string(64, 'b') + R"(",
       "platform": {"architecture": "amd64", "os": "linux"}}
    ]
  })";
  auto index = Index::parse(bytes, "index");
  EXPECT_TRUE(media_type::is_index(index.media_type));
  ASSERT_EQ(index.manifests.size(), 2U);
  EXPECT_TRUE(Platform::parse("linux/arm64").matches(*index.manifests[0].platform));
  EXPECT_TRUE(Platform::parse("linux/amd64").matches(*index.manifests[1].platform));
  EXPECT_EQ(index.manifests[1].size, 1235);
}

TEST(ManifestIndexTest, MissingManifestsArrayIsAnError)
{
  EXPECT_THROW(Index::parse(R"({"schemaVersion":2})", "index.json"), UsageError);
}

} // namespace
} // namespace pycontainer::oci
