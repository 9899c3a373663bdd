// verify_image and inspect_image of an index (a multi-platform image, layout/two_platform_image.hpp):
// every platform's image checked, a layer they share read once, each entry's platform its config's,
// --platform picking one image; inspect lists each platform's image and counts shared blobs once.
#include "layout/verify.hpp"

#include "layer/layer_writer.hpp"
#include "layout/two_platform_image.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <set>
#include <string>

namespace pycontainer::layout {
namespace {

class IndexImageTest : public test::TempDirTest {
protected:
  void SetUp() override
  {
    test::TempDirTest::SetUp();
    m_layout.emplace(Layout::open_or_create(dir() / "image"));
  }

  const Layout& layout() const { return *m_layout; }

  test::TwoPlatformImage write(std::array<std::string, 2> config_architectures = {"amd64", "arm64"})
  {
    return test::write_two_platform_image(layout(), dir() / "sources", config_architectures);
  }

  // Expects verify_image to throw an Error whose message contains every one of `parts`.
  void expect_failure(std::initializer_list<std::string> parts) const
  {
    try {
      verify_image(layout(), "1", layer::diff_id_of_blob);
      FAIL() << "verify passed";
    } catch (const Error& error) {
      for (const auto& part : parts) {
        EXPECT_NE(error.message().find(part), std::string::npos) << "\"" << part << "\" not in: " << error.message();
      }
    }
  }

  std::optional<Layout> m_layout;
};

TEST_F(IndexImageTest, VerifyChecksEveryPlatformsImage)
{
  auto image = write();
  auto report = verify_image(layout(), "1", layer::diff_id_of_blob);
  EXPECT_EQ(report.manifest.digest, image.index.digest);
  ASSERT_EQ(report.images.size(), 2u);
  EXPECT_EQ(report.images[0].digest, image.manifests[0].digest);
  EXPECT_EQ(report.images[0].platform->str(), "linux/amd64");
  EXPECT_EQ(report.images[1].platform->str(), "linux/arm64");
  EXPECT_EQ(report.layers, 4u);
  EXPECT_EQ(report.blobs_checked, 8u); // index, 2 manifests, 2 configs, 3 distinct layers
}

TEST_F(IndexImageTest, VerifyOfOnePlatform)
{
  auto image = write();
  auto report = verify_image(layout(), "1", layer::diff_id_of_blob, oci::Platform::parse("linux/arm64"));
  EXPECT_EQ(report.manifest.digest, image.manifests[1].digest);
  ASSERT_EQ(report.images.size(), 1u);
  EXPECT_EQ(report.layers, 2u);
  EXPECT_EQ(report.blobs_checked, 5u); // the index read to find the image, its manifest, config, 2 layers
  try {
    verify_image(layout(), "1", layer::diff_id_of_blob, oci::Platform::parse("linux/s390x"));
    FAIL() << "found linux/s390x";
  } catch (const Error& error) {
    EXPECT_NE(error.message().find("has no linux/s390x image (it has: linux/amd64, linux/arm64)"), std::string::npos)
      << error.message();
  }
}

TEST_F(IndexImageTest, AnEntryWhoseConfigIsForAnotherPlatform)
{
  write({"amd64", "amd64"});
  expect_failure({"is for linux/amd64, not linux/arm64"});
}

TEST_F(IndexImageTest, AnEntryWhoseConfigNamesNoArchitecture)
{
  auto image = write({"amd64", ""});
  expect_failure({"manifest (" + image.manifests[1].digest.str() + "): the index lists it for linux/arm64",
                  "is for \"linux/\""});
}

TEST_F(IndexImageTest, ADamagedLayerOfTheSecondPlatform)
{
  auto image = write();
  auto path = layout().blob_path(image.own_layers[1].digest);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes[bytes.size() / 2] ^= 1;
  std::filesystem::remove(path);
  std::ofstream(path, std::ios::binary) << bytes;
  expect_failure({"layer 1 (" + image.own_layers[1].digest.str() + ")", "digest mismatch"});
}

TEST_F(IndexImageTest, AnIndexListingNothing)
{
  auto index = layout().write_blob(oci::canonical_json(oci::Index().to_json()), std::string(oci::media_type::k_oci_index));
  layout().set_tag(index, "1", "registry.example/app:1");
  expect_failure({"the image index lists no images"});
}

TEST_F(IndexImageTest, InspectShowsEachPlatformsImage)
{
  auto image = write();
  auto inspection = inspect_image(layout(), "1");
  EXPECT_EQ(inspection["index_digest"], image.index.digest.str());
  EXPECT_EQ(inspection["media_type"], oci::media_type::k_oci_index);
  EXPECT_EQ(inspection["platforms"], nlohmann::json({"linux/amd64", "linux/arm64"}));
  ASSERT_EQ(inspection["images"].size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& one = inspection["images"][i];
    EXPECT_EQ(one["manifest_digest"], image.manifests[i].digest.str());
    EXPECT_EQ(one["layers"][0]["digest"], image.own_layers[i].digest.str());
    EXPECT_EQ(one["layers"][1]["digest"], image.shared_layer.digest.str());
    EXPECT_EQ(one["entrypoint"], nlohmann::json({"python3", "/app/main.py"}));
  }
  EXPECT_EQ(inspection["images"][1]["platform"], "linux/arm64");
  auto total = image.index.size + image.shared_layer.size;
  for (std::size_t i = 0; i < 2; ++i) {
    total += image.manifests[i].size + image.configs[i].size + image.own_layers[i].size;
  }
  EXPECT_EQ(inspection["total_size"], total);

  auto text = format_inspection(inspection);
  EXPECT_NE(text.find("Index:       registry.example/app:1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Platforms:   linux/amd64 linux/arm64\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Platform:    linux/arm64\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Digest:      " + image.manifests[0].digest.str()), std::string::npos) << text;
}

TEST_F(IndexImageTest, InspectOfOnePlatform)
{
  auto image = write();
  auto inspection = inspect_image(layout(), "1", oci::Platform::parse("linux/arm64"));
  EXPECT_FALSE(inspection.contains("images"));
  EXPECT_EQ(inspection["manifest_digest"], image.manifests[1].digest.str());
  EXPECT_EQ(inspection["platform"], "linux/arm64");
}

} // namespace
} // namespace pycontainer::layout
