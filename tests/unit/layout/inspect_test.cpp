#include "layout/verify.hpp"

#include "oci/media_types.hpp"
#include "sbom/attach.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace pycontainer::layout {
namespace {

// inspect reads the manifest and config only, so the layers here are arbitrary bytes.
class LayoutInspectTest : public test::TempDirTest {
protected:
  void SetUp() override
  {
    test::TempDirTest::SetUp();
    m_layout.emplace(Layout::open_or_create(dir() / "image"));
    const Layout& layout = *m_layout;
    m_layer = layout.write_blob(std::string(1500, 'l'), std::string(oci::media_type::k_oci_layer_gzip));
    m_config = nlohmann::json::parse(R"({
      "architecture": "arm64", "os": "linux", "variant": "v8", "created": "1980-01-01T00:00:00Z",
      "config": {"Entrypoint": ["python3", "-m", "hello"], "Env": ["PATH=/usr/bin", "LANG=C.UTF-8"],
                 "WorkingDir": "/app", "User": "app", "ExposedPorts": {"8000/tcp": {}, "53/udp": {}},
                 "Labels": {"org.example.team": "platform"}},
      "rootfs": {"type": "layers", "diff_ids": ["sha256:1111111111111111111111111111111111111111111111111111111111111111"]},
      "history": [{"created": "1980-01-01T00:00:00Z", "created_by": "pycontainer: app files"}]
    })");
    oci::Manifest manifest;
    manifest.config = layout.write_blob(oci::canonical_json(m_config), std::string(oci::media_type::k_oci_config));
    manifest.layers = {m_layer};
    manifest.annotations["org.opencontainers.image.source"] = "https://example.com/app";
    m_manifest = layout.write_blob(oci::canonical_json(manifest.to_json()), manifest.media_type);
    layout.set_tag(m_manifest, "1.0", "docker.io/library/hello:1.0");
    m_config_size = manifest.config.size;
  }

  std::optional<Layout> m_layout;
  oci::Descriptor m_layer;
  oci::Descriptor m_manifest;
  nlohmann::json m_config;
  std::int64_t m_config_size = 0;
};

TEST_F(LayoutInspectTest, SummarisesManifestAndConfig)
{
  auto inspection = inspect_image(*m_layout, "1.0");
  EXPECT_EQ(inspection["reference"], "docker.io/library/hello:1.0");
  EXPECT_EQ(inspection["manifest_digest"], m_manifest.digest.str());
  EXPECT_EQ(inspection["media_type"], oci::media_type::k_oci_manifest);
  EXPECT_EQ(inspection["platform"], "linux/arm64/v8");
  EXPECT_EQ(inspection["created"], "1980-01-01T00:00:00Z");
  EXPECT_EQ(inspection["entrypoint"], nlohmann::json({"python3", "-m", "hello"}));
  EXPECT_TRUE(inspection["cmd"].is_null());
  EXPECT_EQ(inspection["env"], nlohmann::json({"PATH=/usr/bin", "LANG=C.UTF-8"}));
  EXPECT_EQ(inspection["working_dir"], "/app");
  EXPECT_EQ(inspection["user"], "app");
  EXPECT_EQ(inspection["exposed_ports"], nlohmann::json({"53/udp", "8000/tcp"}));
  EXPECT_EQ(inspection["labels"], nlohmann::json({{"org.example.team", "platform"}}));
  EXPECT_EQ(inspection["annotations"], nlohmann::json({{"org.opencontainers.image.source", "https://example.com/app"}}));
  ASSERT_EQ(inspection["layers"].size(), 1U);
  EXPECT_EQ(inspection["layers"][0]["digest"], m_layer.digest.str());
  EXPECT_EQ(inspection["layers"][0]["media_type"], oci::media_type::k_oci_layer_gzip);
  EXPECT_EQ(inspection["layers"][0]["size"], 1500);
  EXPECT_EQ(inspection["layers"][0]["diff_id"], m_config["rootfs"]["diff_ids"][0]);
  EXPECT_EQ(inspection["history"], m_config["history"]);
  EXPECT_EQ(inspection["total_size"], m_manifest.size + m_config_size + 1500);
}

TEST_F(LayoutInspectTest, AMinimalConfigGivesNullsAndEmpties)
{
  const Layout& layout = *m_layout;
  oci::Manifest manifest;
  manifest.config = layout.write_blob(R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})",
                                      std::string(oci::media_type::k_oci_config));
  auto descriptor = layout.write_blob(oci::canonical_json(manifest.to_json()), manifest.media_type);
  layout.set_tag(descriptor, "bare", "");
  auto inspection = inspect_image(layout, "bare");
  EXPECT_EQ(inspection["reference"], "bare");
  EXPECT_EQ(inspection["platform"], "linux/amd64");
  EXPECT_TRUE(inspection["created"].is_null());
  EXPECT_TRUE(inspection["entrypoint"].is_null());
  EXPECT_EQ(inspection["env"], nlohmann::json::array());
  EXPECT_EQ(inspection["exposed_ports"], nlohmann::json::array());
  EXPECT_EQ(inspection["labels"], nlohmann::json::object());
  EXPECT_EQ(inspection["layers"], nlohmann::json::array());
  EXPECT_EQ(inspection["working_dir"], "");
  EXPECT_NO_THROW(format_inspection(inspection));
}

TEST_F(LayoutInspectTest, AnImagesSbomIsNoImageOfItsOwn)
{
  // An image and its SBOM artifact (tagged 1.0.sbom): inspect without a ref finds the image.
  sbom::attach(*m_layout, m_manifest, "1.0", "docker.io/library/hello:1.0", sbom::Format::spdx, "{}",
               "1980-01-01T00:00:00Z");
  ASSERT_EQ(m_layout->read_index().manifests.size(), 2U);
  EXPECT_EQ(inspect_image(*m_layout, "")["manifest_digest"], m_manifest.digest.str());
  auto sbom = inspect_image(*m_layout, "1.0.sbom");
  EXPECT_EQ(sbom["manifest_digest"], m_layout->find("1.0.sbom")->digest.str());
  EXPECT_EQ(sbom["artifact_type"], "application/spdx+json");
  EXPECT_EQ(sbom["subject"], m_manifest.digest.str());
  EXPECT_TRUE(sbom["platform"].is_null());
  ASSERT_EQ(sbom["layers"].size(), 1U);
  EXPECT_TRUE(sbom["layers"][0]["diff_id"].is_null());
  auto text = format_inspection(sbom);
  EXPECT_NE(text.find("Artifact:    application/spdx+json\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Subject:     " + m_manifest.digest.str()), std::string::npos) << text;
  EXPECT_TRUE(inspect_image(*m_layout, "1.0")["artifact_type"].is_null());
}

TEST_F(LayoutInspectTest, UnknownRefListsAvailable)
{
  try {
    inspect_image(*m_layout, "2.0");
    FAIL() << "found 2.0";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("available: 1.0"), std::string::npos) << error.message();
  }
}

TEST_F(LayoutInspectTest, FormatIsReadableText)
{
  auto text = format_inspection(inspect_image(*m_layout, "1.0"));
  for (const std::string& part :
       {std::string("Image:       docker.io/library/hello:1.0\n"), "Digest:      " + m_manifest.digest.str() + "\n",
        std::string("Platform:    linux/arm64/v8\n"), std::string("Entrypoint:  [\"python3\",\"-m\",\"hello\"]\n"),
        std::string("Cmd:         (none)\n"), std::string("Working dir: /app\n"), std::string("User:        app\n"),
        std::string("Ports:       53/udp 8000/tcp\n"), std::string("  LANG=C.UTF-8\n"),
        std::string("  org.example.team=platform\n"), std::string("Layers:      1\n"), m_layer.digest.str(),
        std::string("1.5 kB"), std::string("pycontainer: app files"), std::string("Total size:")}) {
    EXPECT_NE(text.find(part), std::string::npos) << "\"" << part << "\" not in:\n" << text;
  }
}

TEST(LayoutFormatInspectionTest, HumanSizes)
{
  nlohmann::json inspection{{"layers",
                             {{{"digest", "sha256:a"}, {"media_type", "t"}, {"size", 999}},
                              {{"digest", "sha256:b"}, {"media_type", "t"}, {"size", 1234567}},
                              {{"digest", "sha256:c"}, {"media_type", "t"}, {"size", 3000000000LL}}}},
                            {"total_size", 3001235566LL}};
  auto text = format_inspection(inspection);
  EXPECT_NE(text.find("999 B"), std::string::npos) << text;
  EXPECT_NE(text.find("1.23 MB"), std::string::npos) << text;
  EXPECT_NE(text.find("3 GB"), std::string::npos) << text;
  EXPECT_NE(text.find("Total size:  3 GB (3001235566 bytes)"), std::string::npos) << text;
  EXPECT_NE(text.find("Image:       (none)"), std::string::npos) << text;
}

} // namespace
} // namespace pycontainer::layout
