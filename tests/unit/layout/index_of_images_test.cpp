// write_index_of_images: one-platform images of several layouts joined in an index of another, each
// entry's platform its config's, blobs linked, named by every tag; two images of one platform and an
// index among the sources are refused.
#include "layout/index_of_images.hpp"

#include "layout/image_lookup.hpp"
#include "layout/two_platform_image.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>

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

} // namespace
} // namespace pycontainer::layout
