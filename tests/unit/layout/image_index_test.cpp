#include "layout/image_index.hpp"

#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pycontainer::layout {
namespace {

class ImageIndexTest : public test::TempDirTest {
protected:
  // A manifest blob for `platform` (any bytes will do for the index's sake), named as index.json names one.
  oci::Descriptor manifest_for(const Layout& layout, const std::string& platform) const
  {
    auto descriptor = layout.write_blob("manifest of " + platform, std::string(oci::media_type::k_oci_manifest));
    descriptor.platform = oci::Platform::parse(platform);
    descriptor.annotations[std::string(k_ref_name_annotation)] = "1.0";
    descriptor.annotations["org.example.kept"] = "yes";
    return descriptor;
  }
};

TEST_F(ImageIndexTest, ListsTheImagesInOrderWithTheirPlatformsAndNoNames)
{
  auto layout = Layout::open_or_create(dir() / "image");
  std::vector<oci::Descriptor> manifests{manifest_for(layout, "linux/amd64"), manifest_for(layout, "linux/arm64")};
  auto descriptor = write_image_index(layout, manifests);
  EXPECT_EQ(descriptor.media_type, oci::media_type::k_oci_index);
  auto index = oci::Index::parse(layout.read_blob(descriptor.digest), "index");
  EXPECT_EQ(index.media_type, oci::media_type::k_oci_index);
  ASSERT_EQ(index.manifests.size(), 2u);
  EXPECT_EQ(index.manifests[0].digest, manifests[0].digest);
  EXPECT_EQ(index.manifests[0].platform->str(), "linux/amd64");
  EXPECT_EQ(index.manifests[1].platform->str(), "linux/arm64");
  EXPECT_EQ(index.manifests[1].annotations, (oci::Annotations{{"org.example.kept", "yes"}}));
  // The same images give the same index.
  EXPECT_EQ(write_image_index(layout, manifests).digest, descriptor.digest);
}

TEST_F(ImageIndexTest, RefusesAnImageWithoutPlatformOrTwoForOnePlatform)
{
  auto layout = Layout::open_or_create(dir() / "image");
  auto amd64 = manifest_for(layout, "linux/amd64");
  auto unplatformed = amd64;
  unplatformed.platform.reset();
  EXPECT_THROW(write_image_index(layout, {amd64, unplatformed}), UsageError);
  try {
    write_image_index(layout, {amd64, manifest_for(layout, "linux/x86_64")});
    FAIL() << "two images for linux/amd64 were accepted";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("two images for platform linux/amd64"), std::string::npos) << error.message();
  }
}

} // namespace
} // namespace pycontainer::layout
