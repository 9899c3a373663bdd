#include "oci/derive_config.hpp"

#include <gtest/gtest.h>

namespace pycontainer::oci {
namespace {

ImageConfig python_base_config()
{
  return ImageConfig::from_json(nlohmann::json::parse(R"({
    "architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
    "config": {"Env": ["PATH=/usr/local/bin:/usr/bin", "LANG=C.UTF-8", "PYTHON_VERSION=3.11.2"],
               "Cmd": ["python3"], "User": "1000", "Labels": {"vendor": "debian", "keep": "me"}},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:1111111111111111111111111111111111111111111111111111111111111111"]},
    "history": [{"created_by": "base"}],
    "unknown_field": 42
  })"));
}

// The config as it is written.
nlohmann::json derive(ImageConfig base, std::string_view platform, const ConfigChanges& changes,
                      const std::vector<LayerHistory>& layers, std::string_view created)
{
  return derive_image_config(std::move(base), Platform::parse(platform), changes, layers, created).to_json();
}

TEST(DeriveConfigTest, MergesOverBaseKeepingWhatIsNotChanged)
{
  ConfigChanges changes;
  changes.env = {{"PYTHONPATH", "/app"}, {"LANG", "en_US.UTF-8"}};
  changes.labels = {{"vendor", "acme"}};
  changes.workdir = "/app";
  changes.entrypoint = std::vector<std::string>{"python3", "-m", "hello"};
  changes.exposed_ports = {"8000", "53/udp"};
  auto diff_id = Digest::of("layer");
  auto config = derive(python_base_config(), "linux/arm64", changes,
                                    {{diff_id, "pycontainer build: app layer"}}, "1980-01-01T00:00:00Z");

  EXPECT_EQ(config["architecture"], "arm64");
  EXPECT_EQ(config["os"], "linux");
  EXPECT_EQ(config["created"], "1980-01-01T00:00:00Z");
  EXPECT_EQ(config["unknown_field"], 42);
  const auto& runtime = config["config"];
  EXPECT_EQ(runtime["Env"], nlohmann::json({"PATH=/usr/local/bin:/usr/bin", "LANG=en_US.UTF-8", "PYTHON_VERSION=3.11.2",
                                            "PYTHONPATH=/app"}));
  EXPECT_EQ(runtime["Labels"], nlohmann::json({{"vendor", "acme"}, {"keep", "me"}}));
  EXPECT_EQ(runtime["User"], "1000") << "User is kept unless set";
  EXPECT_EQ(runtime["WorkingDir"], "/app");
  EXPECT_EQ(runtime["Entrypoint"], nlohmann::json({"python3", "-m", "hello"}));
  EXPECT_FALSE(runtime.contains("Cmd")) << "an Entrypoint without Cmd clears the base's Cmd";
  EXPECT_TRUE(runtime["ExposedPorts"].contains("8000/tcp"));
  EXPECT_TRUE(runtime["ExposedPorts"].contains("53/udp"));
  ASSERT_EQ(config["rootfs"]["diff_ids"].size(), 2u) << "base diff_ids are kept before ours";
  EXPECT_EQ(config["rootfs"]["diff_ids"][0], "sha256:1111111111111111111111111111111111111111111111111111111111111111");
  EXPECT_EQ(config["rootfs"]["diff_ids"][1], diff_id.str());
  ASSERT_EQ(config["history"].size(), 2u);
  EXPECT_EQ(config["history"][1]["created_by"], "pycontainer build: app layer");
}

TEST(DeriveConfigTest, ExplicitCmdAndUserWin)
{
  ConfigChanges changes;
  changes.cmd = std::vector<std::string>{"--verbose"};
  changes.user = "app";
  auto config = derive(python_base_config(), "linux/amd64", changes, {}, "x");
  EXPECT_EQ(config["config"]["Cmd"], nlohmann::json({"--verbose"}));
  EXPECT_EQ(config["config"]["User"], "app");
  EXPECT_FALSE(config.contains("variant"));
}

TEST(DeriveConfigTest, ScratchStartsEmpty)
{
  ConfigChanges changes;
  changes.env = {{"A", "1"}};
  auto diff_id = Digest::of("x");
  auto config = derive(ImageConfig{}, "linux/arm/v7", changes, {{diff_id, "x"}}, "t");
  EXPECT_EQ(config["variant"], "v7");
  EXPECT_EQ(config["config"]["Env"], nlohmann::json({"A=1"}));
  EXPECT_EQ(config["rootfs"]["diff_ids"], nlohmann::json({diff_id.str()}));
  EXPECT_EQ(config["rootfs"]["type"], "layers");
}

TEST(DeriveConfigTest, Rfc3339)
{
  EXPECT_EQ(rfc3339_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(rfc3339_utc(315532800), "1980-01-01T00:00:00Z");
}

TEST(DeriveConfigTest, TheLayersABuildAddedAreToldByTheirHistory)
{
  auto base = python_base_config();
  base.history.insert(base.history.begin(), HistoryEntry{"", "ENV X=1", "", "", true, {}}); // no layer
  auto derived = derive_image_config(base, Platform::parse("linux/amd64"), {},
                                     {{Digest::of("a"), std::string(k_build_history_prefix) + "app layer (1 files)"}}, "");
  EXPECT_EQ(layers_added_by_build(derived), (std::vector<bool>{false, true}));
  derived.history.pop_back(); // one entry short: nothing is told
  EXPECT_EQ(layers_added_by_build(derived), (std::vector<bool>{false, false}));
}

} // namespace
} // namespace pycontainer::oci
