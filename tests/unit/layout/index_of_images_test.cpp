// write_index_of_images: one-platform images of several layouts joined in an index of another, each
// entry's platform its config's, blobs linked, named by every tag, each image's artifacts (SBOMs) carried
// by their names; two images of one platform, two artifacts of one name and an index among the sources
// are refused.
#include "layout/index_of_images.hpp"

#include "layout/image_lookup.hpp"
#include "layout/two_platform_image.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace pycontainer::layout {
namespace {

class IndexOfImagesTest : public test::TempDirTest {
protected:
  // A layout holding one image for linux/<architecture>, tagged "1"; its manifest's descriptor.
  oci::Descriptor one_platform_image(const std::string& name, const std::string& architecture)
  {
    auto layout = Layout::open_or_create(dir() / name);
    auto layer = test::write_one_file_layer(layout, dir() / "sources" / name, "etc/arch", architecture + "\n");
    nlohmann::json config{{"architecture", architecture},
                          {"os", "linux"},
                          {"rootfs", {{"type", "layers"}, {"diff_ids", {layer.diff_id.str()}}}}};
    oci::Manifest manifest;
    manifest.config = layout.write_blob(oci::canonical_json(config), std::string(oci::media_type::k_oci_config));
    manifest.layers = {layer.descriptor};
    auto descriptor = layout.write_blob(oci::canonical_json(manifest.to_json()), manifest.media_type);
    layout.set_tag(descriptor, "1", "docker.io/library/" + name + ":1");
    return descriptor;
  }

  // An artifact (an SBOM) of the layout `name` whose subject is `subject`, named `ref_name` there.
  oci::Descriptor attach_artifact(const std::string& name, const oci::Descriptor& subject, const std::string& ref_name)
  {
    auto layout = Layout::open(dir() / name);
    oci::Manifest manifest;
    manifest.artifact_type = "application/spdx+json";
    manifest.config = layout.write_blob("{}", "application/vnd.oci.empty.v1+json");
    manifest.layers = {layout.write_blob("{\"name\":\"" + name + " " + ref_name + "\"}", manifest.artifact_type)};
    manifest.subject = oci::Descriptor{subject.media_type, subject.digest, subject.size, {}, std::nullopt, ""};
    auto descriptor = layout.write_blob(oci::canonical_json(manifest.to_json()), manifest.media_type);
    descriptor.artifact_type = manifest.artifact_type;
    layout.set_tag(descriptor, ref_name, "docker.io/library/app:" + ref_name);
    return descriptor;
  }
};

TEST_F(IndexOfImagesTest, JoinsOnePlatformImagesInAnIndex)
{
  auto amd = one_platform_image("amd", "amd64");
  auto arm = one_platform_image("arm", "arm64");
  auto target = Layout::open_or_create(dir() / "target");
  auto index = write_index_of_images(target, {{dir() / "amd", "1"}, {dir() / "arm", ""}},
                                     {ref::Reference::parse("app:1"), ref::Reference::parse("app:latest")});
  EXPECT_EQ(target.find("1")->digest, index.digest);
  EXPECT_EQ(target.find("latest")->digest, index.digest);
  LayoutContent content(target);
  auto images = oci::resolve_index(content, index, "index");
  ASSERT_EQ(images.size(), 2u);
  EXPECT_EQ(images[0].descriptor().digest, amd.digest);
  EXPECT_EQ(images[0].descriptor().platform->str(), "linux/amd64");
  EXPECT_EQ(images[1].descriptor().digest, arm.digest);
  EXPECT_EQ(images[1].descriptor().platform->str(), "linux/arm64");
  for (const auto& image : images) {
    for (const auto& blob : image.manifest.blobs()) {
      EXPECT_TRUE(target.has_blob(blob.digest)) << blob.digest.str();
    }
  }
}

TEST_F(IndexOfImagesTest, RefusesTwoImagesOfOnePlatformAndAnIndex)
{
  one_platform_image("amd", "amd64");
  one_platform_image("amd2", "amd64");
  auto target = Layout::open_or_create(dir() / "target");
  auto tags = std::vector{ref::Reference::parse("app:1")};
  try {
    write_index_of_images(target, {{dir() / "amd", "1"}, {dir() / "amd2", "1"}}, tags);
    FAIL() << "two amd64 images joined";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("two images for platform linux/amd64"), std::string::npos) << error.what();
  }
  test::write_two_platform_image(Layout::open_or_create(dir() / "multi"), dir() / "sources" / "multi");
  EXPECT_THROW(write_index_of_images(target, {{dir() / "multi", "1"}}, tags), UsageError);
  EXPECT_FALSE(target.find("1"));
}

TEST_F(IndexOfImagesTest, CarriesEachImagesArtifactsByTheirNames)
{
  auto amd = one_platform_image("amd", "amd64");
  auto arm = one_platform_image("arm", "arm64");
  auto amd_sbom = attach_artifact("amd", amd, "1.linux-amd64.sbom");
  auto arm_sbom = attach_artifact("arm", arm, "1.linux-arm64.sbom");
  attach_artifact("arm", amd, "1.stale.sbom"); // of no image of its layout: left behind
  auto target = Layout::open_or_create(dir() / "target");
  auto index = write_index_of_images(target, {{dir() / "amd", "1"}, {dir() / "arm", "1"}}, {ref::Reference::parse("app:1")});
  EXPECT_EQ(target.find("1")->digest, index.digest);
  for (const auto& [name, sbom] : {std::pair{"1.linux-amd64.sbom", amd_sbom}, std::pair{"1.linux-arm64.sbom", arm_sbom}}) {
    auto found = target.find(name);
    ASSERT_TRUE(found) << name;
    EXPECT_EQ(found->digest, sbom.digest);
    EXPECT_EQ(found->artifact_type, "application/spdx+json");
    EXPECT_EQ(annotation(*found, k_image_name_annotation), std::string("docker.io/library/app:") + name);
    auto manifest = oci::Manifest::parse(target.read_blob(found->digest), name);
    for (const auto& blob : manifest.blobs()) {
      EXPECT_TRUE(target.has_blob(blob.digest)) << name << " " << blob.digest.str();
    }
  }
  EXPECT_FALSE(target.find("1.stale.sbom"));
  EXPECT_EQ(target.read_index().manifests.size(), 3u);
}

TEST_F(IndexOfImagesTest, RefusesTwoArtifactsOfOneName)
{
  attach_artifact("amd", one_platform_image("amd", "amd64"), "1.sbom");
  attach_artifact("arm", one_platform_image("arm", "arm64"), "1.sbom");
  auto target = Layout::open_or_create(dir() / "target");
  try {
    write_index_of_images(target, {{dir() / "amd", "1"}, {dir() / "arm", "1"}}, {ref::Reference::parse("app:1")});
    FAIL() << "two SBOMs named 1.sbom joined";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("artifact '1.sbom' has the name of one of image '" + (dir() / "amd").string() + ":1'"),
              std::string::npos) << error.what();
  }
  EXPECT_FALSE(target.find("1"));
}

} // namespace
} // namespace pycontainer::layout
