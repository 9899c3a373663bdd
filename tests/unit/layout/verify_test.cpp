#include "layout/verify.hpp"

#include "layer/layer_writer.hpp"
#include "oci/media_types.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>
#include <optional>
#include <string>

namespace pycontainer::layout {
namespace {

namespace fs = std::filesystem;

// Builds a small image by hand: two layers written by layer::write_layer, a config whose diff_ids
// match, a manifest, tag "1.0". Each corruption test breaks one thing and expects verify to say what.
class VerifyTest : public test::TempDirTest {
protected:
  void SetUp() override
  {
    test::TempDirTest::SetUp();
    m_layout.emplace(Layout::open_or_create(dir() / "image"));
    m_layers.push_back(make_layer("app/hello.py", "print('hello')\n"));
    m_layers.push_back(make_layer("app/data.txt", std::string(10000, 'd')));
    m_config = nlohmann::json{
      {"architecture", "amd64"},
      {"os", "linux"},
      {"config", {{"Entrypoint", {"python3", "/app/hello.py"}}}},
      {"rootfs", {{"type", "layers"}, {"diff_ids", {m_layers[0].diff_id.str(), m_layers[1].diff_id.str()}}}},
    };
    m_manifest.layers = {m_layers[0].descriptor, m_layers[1].descriptor};
    tag(m_config, m_manifest);
  }

  const Layout& layout() const { return *m_layout; }

  layer::Result make_layer(const std::string& path, std::string_view content)
  {
    layer::Entry entry;
    entry.path = path;
    entry.source = write("src/" + path, content).string();
    layer::Options options;
    options.fixed_mtime = 0;
    return layer::write_layer({entry}, options, layout());
  }

  // Writes `config` and `manifest` (its config descriptor set to that config) and tags it "1.0".
  oci::Descriptor tag(const nlohmann::json& config, oci::Manifest manifest)
  {
    manifest.config = layout().write_blob(oci::canonical_json(config), std::string(oci::media_type::k_oci_config));
    auto descriptor = layout().write_blob(oci::canonical_json(manifest.to_json()), manifest.media_type);
    layout().set_tag(descriptor, "1.0", "docker.io/library/app:1.0");
    return descriptor;
  }

  fs::path layer_path(std::size_t i) const { return layout().blob_path(m_layers[i].descriptor.digest); }

  // Expects verify_image to throw an Error whose message contains every one of `parts`.
  void expect_failure(std::initializer_list<std::string> parts, std::string_view ref = "1.0") const
  {
    try {
      verify_image(layout(), ref, layer::diff_id_of_blob);
      FAIL() << "verify passed";
    } catch (const Error& error) {
      for (const auto& part : parts) {
        EXPECT_NE(error.message().find(part), std::string::npos) << "\"" << part << "\" not in: " << error.message();
      }
    }
  }

  std::optional<Layout> m_layout;
  std::vector<layer::Result> m_layers;
  nlohmann::json m_config;
  oci::Manifest m_manifest;
};

TEST_F(VerifyTest, AValidImagePasses)
{
  auto report = verify_image(layout(), "1.0", layer::diff_id_of_blob);
  EXPECT_EQ(report.layers, 2U);
  EXPECT_EQ(report.blobs_checked, 4U);
  EXPECT_EQ(report.manifest.digest, layout().find("1.0")->digest);
  EXPECT_EQ(verify_image(layout(), "", layer::diff_id_of_blob).manifest.digest, report.manifest.digest) << "the only image";
  EXPECT_EQ(verify_image(layout(), "docker.io/library/app:1.0", layer::diff_id_of_blob).manifest.digest, report.manifest.digest);
}

TEST_F(VerifyTest, AnImageWithoutLayersPasses)
{
  auto config = m_config;
  config["rootfs"]["diff_ids"] = nlohmann::json::array();
  auto manifest = m_manifest;
  manifest.layers.clear();
  tag(config, manifest);
  auto report = verify_image(layout(), "1.0", layer::diff_id_of_blob);
  EXPECT_EQ(report.layers, 0U);
  EXPECT_EQ(report.blobs_checked, 2U);
}

TEST_F(VerifyTest, MissingLayerBlob)
{
  fs::remove(layer_path(1));
  expect_failure({"layer 2 (" + m_layers[1].descriptor.digest.str() + ")", "blob is missing"});
}

TEST_F(VerifyTest, AFifoInPlaceOfABlobIsNamedSo)
{
  fs::remove(layer_path(1));
  ASSERT_EQ(::mkfifo(layer_path(1).c_str(), 0600), 0);
  expect_failure({"layer 2 (" + m_layers[1].descriptor.digest.str() + ")", "is not a regular file"});
}

TEST_F(VerifyTest, MissingManifestBlob)
{
  auto manifest = layout().find("1.0");
  fs::remove(layout().blob_path(manifest->digest));
  expect_failure({"manifest (" + manifest->digest.str() + ")", "blob is missing"});
}

TEST_F(VerifyTest, MissingConfigBlob)
{
  auto manifest = oci::Manifest::parse(layout().read_blob(layout().find("1.0")->digest), "manifest");
  fs::remove(layout().blob_path(manifest.config.digest));
  expect_failure({"config (" + manifest.config.digest.str() + ")", "blob is missing"});
}

TEST_F(VerifyTest, WrongLayerSizeInManifest)
{
  auto manifest = m_manifest;
  manifest.layers[0].size += 1;
  tag(m_config, manifest);
  expect_failure({"layer 1 (" + m_layers[0].descriptor.digest.str() + ")", "size mismatch",
                  "descriptor says " + std::to_string(manifest.layers[0].size) + " bytes"});
}

TEST_F(VerifyTest, TruncatedLayerBlob)
{
  fs::resize_file(layer_path(0), static_cast<std::uintmax_t>(m_layers[0].descriptor.size - 1));
  expect_failure({"layer 1", "size mismatch"});
}

TEST_F(VerifyTest, FlippedByteInALayer)
{
  {
    std::fstream file(layer_path(1), std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(m_layers[1].descriptor.size / 2);
    char byte = 0;
    file.get(byte);
    file.seekp(m_layers[1].descriptor.size / 2);
    file.put(static_cast<char>(byte ^ 0x01));
  }
  expect_failure({"layer 2 (" + m_layers[1].descriptor.digest.str() + ")", "digest mismatch"});
}

TEST_F(VerifyTest, FlippedByteInTheManifest)
{
  auto manifest = layout().find("1.0");
  auto path = layout().blob_path(manifest->digest);
  auto bytes = util::read_file(path);
  bytes[bytes.size() - 1] = ' ';
  util::write_file_atomic(path, bytes);
  expect_failure({"manifest (" + manifest->digest.str() + ")", "digest mismatch"});
}

TEST_F(VerifyTest, WrongDiffIdInConfig)
{
  auto config = m_config;
  auto wrong = oci::Digest::of("not the tar");
  config["rootfs"]["diff_ids"][1] = wrong.str();
  tag(config, m_manifest);
  expect_failure({"layer 2 (" + m_layers[1].descriptor.digest.str() + ")", "diff_id mismatch",
                  "config says " + wrong.str(), "content is " + m_layers[1].diff_id.str()});
}

TEST_F(VerifyTest, DiffIdCountDiffersFromLayerCount)
{
  auto config = m_config;
  config["rootfs"]["diff_ids"].erase(1);
  tag(config, m_manifest);
  expect_failure({"config (", "rootfs.diff_ids has 1 entries but the manifest has 2 layers"});
}

TEST_F(VerifyTest, ConfigWithoutDiffIds)
{
  auto config = m_config;
  config.erase("rootfs");
  tag(config, m_manifest);
  expect_failure({"config (", "no rootfs.diff_ids array"});
}

TEST_F(VerifyTest, ConfigWithAMalformedDiffId)
{
  auto config = m_config;
  config["rootfs"]["diff_ids"][0] = "sha256:nothex";
  tag(config, m_manifest);
  expect_failure({"rootfs.diff_ids[0]", "invalid digest"});
}

TEST_F(VerifyTest, ConfigThatIsNotJson)
{
  auto manifest = m_manifest;
  manifest.config = layout().write_blob("not json", std::string(oci::media_type::k_oci_config));
  auto descriptor = layout().write_blob(oci::canonical_json(manifest.to_json()), manifest.media_type);
  layout().set_tag(descriptor, "1.0", "docker.io/library/app:1.0");
  expect_failure({"config (" + manifest.config.digest.str() + ")", "not a JSON object"});
}

TEST_F(VerifyTest, UnknownLayerMediaType)
{
  auto manifest = m_manifest;
  manifest.layers[0].media_type = "application/x-mystery";
  tag(m_config, manifest);
  expect_failure({"layer 1 (", "unknown layer media type \"application/x-mystery\""});
}

TEST_F(VerifyTest, UnknownConfigMediaType)
{
  auto manifest = m_manifest;
  manifest.config = layout().write_blob(oci::canonical_json(m_config), "application/x-mystery");
  auto descriptor = layout().write_blob(oci::canonical_json(manifest.to_json()), manifest.media_type);
  layout().set_tag(descriptor, "1.0", "docker.io/library/app:1.0");
  expect_failure({"config (", "unknown config media type"});
}

TEST_F(VerifyTest, ManifestSizeDiffersFromIndex)
{
  auto descriptor = *layout().find("1.0");
  descriptor.size -= 1;
  layout().set_tag(descriptor, "1.0", "docker.io/library/app:1.0");
  expect_failure({"manifest (", "size mismatch"});
}

TEST_F(VerifyTest, IndexEntryThatIsAnIndex)
{
  auto descriptor = *layout().find("1.0");
  descriptor.media_type = oci::media_type::k_oci_index;
  layout().set_tag(descriptor, "1.0", "docker.io/library/app:1.0");
  expect_failure({"manifest (", "no \"manifests\" array"}); // read as the index it is said to be
}

TEST_F(VerifyTest, RefNotFoundListsAvailableRefs)
{
  layout().set_tag(*layout().find("1.0"), "latest", "docker.io/library/app:latest");
  try {
    verify_image(layout(), "2.0", layer::diff_id_of_blob);
    FAIL() << "found 2.0";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("no image \"2.0\""), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("available: 1.0, latest"), std::string::npos) << error.message();
  }
  expect_failure({"2 images", "1.0, latest"}, "");
}

TEST_F(VerifyTest, EmptyLayoutHasNoImage)
{
  auto empty = Layout::open_or_create(dir() / "empty");
  EXPECT_THROW(verify_image(empty, "", layer::diff_id_of_blob), UsageError);
  EXPECT_THROW(verify_image(empty, "1.0", layer::diff_id_of_blob), UsageError);
}

} // namespace
} // namespace pycontainer::layout
