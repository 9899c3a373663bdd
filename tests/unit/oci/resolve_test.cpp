#include "oci/resolve.hpp"

#include "oci/media_types.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <map>

namespace pycontainer::oci {
namespace {

// Documents in memory, as a layout or a registry would hand them out.
class MemoryContent : public ContentSource {
public:
  Descriptor add(std::string bytes, std::string media_type)
  {
    Descriptor descriptor{std::move(media_type), Digest::of(bytes), static_cast<std::int64_t>(bytes.size()), {},
                          std::nullopt, ""};
    m_blobs[descriptor.digest.str()] = std::move(bytes);
    return descriptor;
  }

  std::string read(const Descriptor& descriptor) override
  {
    m_reads.push_back(descriptor.digest.str());
    auto found = m_blobs.find(descriptor.digest.str());
    if (found == m_blobs.end()) {
      throw Error("blob is missing");
    }
    return found->second;
  }

  const std::vector<std::string>& reads() const { return m_reads; }

private:
  std::map<std::string, std::string> m_blobs;
  std::vector<std::string> m_reads;
};

class ResolveTest : public ::testing::Test {
protected:
  // An image for `platform` with one layer; returns its manifest's descriptor (platform set).
  Descriptor image(const std::string& platform, std::string config_platform = "")
  {
    auto parsed = Platform::parse(platform);
    ImageConfig config;
    config.platform = config_platform.empty() ? parsed : Platform::parse(config_platform);
    config.diff_ids = {Digest::of("layer of " + platform)};
    Manifest manifest;
    manifest.config = m_content.add(config.to_json().dump(), std::string(media_type::k_oci_config));
    manifest.layers = {m_content.add("layer of " + platform, std::string(media_type::k_oci_layer_gzip))};
    auto descriptor = m_content.add(canonical_json(manifest.to_json()), std::string(media_type::k_oci_manifest));
    descriptor.platform = parsed;
    return descriptor;
  }

  Descriptor index(std::vector<Descriptor> manifests)
  {
    Index index;
    index.manifests = std::move(manifests);
    return m_content.add(canonical_json(index.to_json()), std::string(media_type::k_oci_index));
  }

  std::string error_of(const Descriptor& top, const std::optional<Platform>& platform, Accept accept = Accept::images)
  {
    try {
      resolve_image(m_content, top, platform, "image x", accept);
    } catch (const Error& error) {
      return error.what();
    }
    return "(no error)";
  }

  MemoryContent m_content;
};

TEST_F(ResolveTest, IndexResolvesToThePlatformsImage)
{
  auto amd64 = image("linux/amd64");
  auto arm64 = image("linux/arm64");
  auto top = index({amd64, arm64});
  auto resolved = resolve_image(m_content, top, Platform::parse("linux/arm64/v8"), "image x");
  EXPECT_EQ(resolved.descriptor().digest, arm64.digest);
  ASSERT_EQ(resolved.path.size(), 2u);
  EXPECT_EQ(resolved.path[0].descriptor.digest, top.digest);
  EXPECT_EQ(Digest::of(resolved.path[0].bytes), top.digest);
  EXPECT_EQ(resolved.config.platform.architecture, "arm64");
  EXPECT_EQ(resolved.config.diff_ids, std::vector<Digest>{Digest::of("layer of linux/arm64")});
  for (const auto& read : m_content.reads()) {
    EXPECT_NE(read, amd64.digest.str()) << "the other platform's manifest was read";
  }
}

TEST_F(ResolveTest, AManifestResolvesToItself)
{
  auto amd64 = image("linux/amd64");
  auto resolved = resolve_image(m_content, amd64, std::nullopt, "image x");
  EXPECT_EQ(resolved.descriptor().digest, amd64.digest);
  EXPECT_EQ(resolved.path.size(), 1u);
  EXPECT_FALSE(resolved.is_artifact());
}

TEST_F(ResolveTest, RefusalsSayWhatIsWrong)
{
  auto top = index({image("linux/arm64"), image("linux/s390x")});
  EXPECT_EQ(error_of(top, Platform::parse("linux/amd64")),
            "image x has no linux/amd64 image (it has: linux/arm64, linux/s390x); choose one with --platform");
  EXPECT_NE(error_of(top, std::nullopt).find("is an image index"), std::string::npos);
  EXPECT_EQ(error_of(image("linux/amd64", "linux/arm64"), Platform::parse("linux/amd64")),
            "image x is for linux/arm64, not linux/amd64; pass --platform linux/arm64 or use an image for linux/amd64");

  auto nested = image("linux/amd64");
  for (int i = 0; i < 5; ++i) {
    nested = index({nested});
    nested.platform = Platform::parse("linux/amd64");
  }
  EXPECT_EQ(error_of(nested, Platform::parse("linux/amd64")), "image x: image indexes nested too deeply");
  Descriptor missing{std::string(media_type::k_oci_manifest), Digest::of("nothing"), 7, {}, std::nullopt, ""};
  EXPECT_EQ(error_of(missing, std::nullopt), "manifest (" + missing.digest.str() + "): blob is missing");
}

TEST_F(ResolveTest, ConfigAndLayersAgree)
{
  ImageConfig config;
  config.platform = Platform::parse("linux/amd64");
  config.diff_ids = {Digest::of("a"), Digest::of("b")};
  Manifest manifest;
  manifest.config = m_content.add(config.to_json().dump(), std::string(media_type::k_oci_config));
  manifest.layers = {m_content.add("a", std::string(media_type::k_oci_layer_gzip))};
  auto top = m_content.add(canonical_json(manifest.to_json()), std::string(media_type::k_oci_manifest));
  EXPECT_EQ(error_of(top, std::nullopt), "config (" + manifest.config.digest.str() +
                                           "): rootfs.diff_ids has 2 entries but the manifest has 1 layers "
                                           "(a damaged image?)");

  manifest.layers.push_back(m_content.add("b", "text/plain"));
  top = m_content.add(canonical_json(manifest.to_json()), std::string(media_type::k_oci_manifest));
  EXPECT_EQ(error_of(top, std::nullopt),
            "layer 2 (" + manifest.layers[1].digest.str() + "): unknown layer media type \"text/plain\"");

  manifest.config.media_type = "application/x-other";
  top = m_content.add(canonical_json(manifest.to_json()), std::string(media_type::k_oci_manifest));
  EXPECT_EQ(error_of(top, std::nullopt),
            "config (" + manifest.config.digest.str() + "): unknown config media type \"application/x-other\"");
}

TEST_F(ResolveTest, ArtifactsOnlyWhenAsked)
{
  auto subject = image("linux/amd64");
  Manifest sbom;
  sbom.artifact_type = "application/spdx+json";
  sbom.config = m_content.add("{}", "application/vnd.oci.empty.v1+json");
  sbom.layers = {m_content.add("{}", "application/spdx+json")};
  sbom.subject = subject;
  auto top = m_content.add(canonical_json(sbom.to_json()), std::string(media_type::k_oci_manifest));
  EXPECT_EQ(error_of(top, std::nullopt), "image x is an artifact (\"application/spdx+json\"), not an image");
  auto resolved = resolve_image(m_content, top, std::nullopt, "image x", Accept::images_and_artifacts);
  EXPECT_TRUE(resolved.is_artifact());
  EXPECT_EQ(resolved.manifest.subject->digest, subject.digest);

  auto with_sbom = index({subject, top});
  EXPECT_EQ(resolve_image(m_content, with_sbom, Platform::parse("linux/amd64"), "image x").descriptor().digest,
            subject.digest);
}

TEST_F(ResolveTest, ImagePlatformsAreTheIndexsImagesWithoutAttestations)
{
  auto amd64 = image("linux/amd64");
  auto arm64 = image("linux/arm64");
  arm64.platform->variant = "v8"; // as the index of python:3.11-slim lists it
  // As docker buildx lists an image's provenance: a manifest for unknown/unknown, annotated.
  auto attestation = image("linux/amd64");
  attestation.platform = Platform{"unknown", "unknown", ""};
  attestation.annotations["vnd.docker.reference.type"] = "attestation-manifest";
  attestation.annotations["vnd.docker.reference.digest"] = amd64.digest.str();
  auto artifact = image("linux/arm64");
  artifact.artifact_type = "application/spdx+json";
  auto top = index({amd64, attestation, arm64, artifact});
  auto platforms = image_platforms(m_content, top, "image x");
  ASSERT_EQ(platforms.size(), 2u);
  EXPECT_EQ(platforms[0].str(), "linux/amd64");
  EXPECT_EQ(platforms[1].str(), "linux/arm64/v8");
  EXPECT_TRUE(is_image_entry(amd64));
  EXPECT_FALSE(is_image_entry(attestation));
  EXPECT_FALSE(is_image_entry(artifact));
  for (const auto& read : m_content.reads()) {
    EXPECT_EQ(read, top.digest.str()) << "more than the index was read";
  }
  EXPECT_EQ(error_of(top, Platform::parse("linux/s390x")),
            "image x has no linux/s390x image (it has: linux/amd64, linux/arm64/v8); choose one with --platform");
}

TEST_F(ResolveTest, ImagePlatformsOfOneImageComeFromItsConfig)
{
  auto arm64 = image("linux/arm64");
  arm64.platform.reset(); // a tag naming a manifest: nothing but its config says the platform
  auto platforms = image_platforms(m_content, arm64, "image x");
  ASSERT_EQ(platforms.size(), 1u);
  EXPECT_EQ(platforms[0].str(), "linux/arm64");

  auto attestation = image("linux/amd64");
  attestation.platform = Platform{"unknown", "unknown", ""};
  auto top = index({attestation});
  try {
    image_platforms(m_content, top, "image x");
    ADD_FAILURE() << "an index of attestations has platforms";
  } catch (const UsageError& error) {
    EXPECT_EQ(error.message(), "image x: its index (" + top.digest.str() +
                                 ") lists no image for a platform; name the platforms with --platform");
  }
}

TEST_F(ResolveTest, DocumentsUnderListChildrenBeforeTheirIndex)
{
  auto amd64 = image("linux/amd64");
  auto arm64 = image("linux/arm64");
  auto inner = index({arm64});
  auto top = index({amd64, inner});
  std::vector<std::string> manifests;
  auto documents = documents_under(m_content, top, [&](const Document& document, const Manifest& manifest) {
    EXPECT_EQ(manifest.layers.size(), 1u);
    manifests.push_back(document.descriptor.digest.str());
  });
  std::vector<std::string> order;
  for (const auto& document : documents) {
    order.push_back(document.descriptor.digest.str());
    EXPECT_EQ(Digest::of(document.bytes), document.descriptor.digest);
  }
  EXPECT_EQ(order, (std::vector<std::string>{amd64.digest.str(), arm64.digest.str(), inner.digest.str(), top.digest.str()}));
  EXPECT_EQ(manifests, (std::vector<std::string>{amd64.digest.str(), arm64.digest.str()}));
}

} // namespace
} // namespace pycontainer::oci
