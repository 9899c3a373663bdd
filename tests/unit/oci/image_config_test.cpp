#include "oci/image_config.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::oci {
namespace {

// A config as Docker writes one: nulls, members we do not model, Windows-only platform members.
constexpr const char* k_docker_config = R"({
  "architecture": "arm64", "variant": "v8", "os": "linux", "os.version": "10.0", "created": "2024-01-01T00:00:00Z",
  "author": "someone", "container": "abc", "docker_version": "24.0.5",
  "config": {"Env": ["PATH=/usr/bin", "LANG=C.UTF-8", "PATH=/usr/local/bin:/usr/bin"], "Cmd": ["python3"],
             "Entrypoint": null, "Volumes": {"/data": {}}, "ExposedPorts": {"80/tcp": {}},
             "Labels": {"vendor": "debian"}, "User": "", "WorkingDir": "/srv", "StopSignal": "SIGINT",
             "Healthcheck": {"Test": ["CMD", "true"]}, "ArgsEscaped": true, "OnBuild": null},
  "rootfs": {"type": "layers", "diff_ids": ["sha256:1111111111111111111111111111111111111111111111111111111111111111"]},
  "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "/bin/sh -c #(nop) CMD", "empty_layer": true,
               "comment": "buildkit"}, {"created_by": "ADD rootfs.tar /", "extra": 1}]
})";

ImageConfig parsed(std::string_view text)
{
  return ImageConfig::parse(text, "config");
}

std::string parse_error(std::string_view text)
{
  try {
    parsed(text);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(ImageConfigTest, ReadsWhatItModels)
{
  auto image = parsed(k_docker_config);
  EXPECT_EQ(image.platform.str(), "linux/arm64/v8");
  EXPECT_EQ(image.created, "2024-01-01T00:00:00Z");
  EXPECT_EQ(image.author, "someone");
  EXPECT_EQ(image.config.cmd, std::vector<std::string>{"python3"});
  EXPECT_FALSE(image.config.entrypoint) << "null reads as not set";
  EXPECT_EQ(image.config.exposed_ports, std::set<std::string>{"80/tcp"});
  EXPECT_EQ(image.config.volumes, std::set<std::string>{"/data"});
  EXPECT_EQ(image.config.labels.at("vendor"), "debian");
  EXPECT_EQ(image.config.working_dir, "/srv");
  EXPECT_EQ(image.config.stop_signal, "SIGINT");
  ASSERT_EQ(image.diff_ids.size(), 1u);
  ASSERT_EQ(image.history.size(), 2u);
  EXPECT_TRUE(image.history[0].empty_layer);
  EXPECT_EQ(image.history[0].comment, "buildkit");
  EXPECT_FALSE(image.history[1].empty_layer);
}

TEST(ImageConfigTest, KeepsWhatItDoesNotModel)
{
  auto json = parsed(k_docker_config).to_json();
  EXPECT_EQ(json["os.version"], "10.0");
  EXPECT_EQ(json["container"], "abc");
  EXPECT_EQ(json["docker_version"], "24.0.5");
  EXPECT_EQ(json["config"]["Healthcheck"], nlohmann::json::parse(R"({"Test": ["CMD", "true"]})"));
  EXPECT_EQ(json["config"]["ArgsEscaped"], true);
  EXPECT_EQ(json["history"][1]["extra"], 1);
  EXPECT_EQ(json["history"][0]["empty_layer"], true);
  EXPECT_FALSE(json["history"][1].contains("empty_layer"));
  EXPECT_EQ(json["rootfs"]["type"], "layers");
  EXPECT_EQ(parsed(json.dump()), parsed(k_docker_config)) << "a config written and read again is the same";
}

TEST(ImageConfigTest, EnvValueIsTheLastEntryOfThatName)
{
  auto image = parsed(k_docker_config);
  EXPECT_EQ(image.config.env_value("PATH"), "/usr/local/bin:/usr/bin");
  EXPECT_EQ(image.config.env_value("LANG"), "C.UTF-8");
  EXPECT_EQ(image.config.env_value("LAN"), std::nullopt) << "a prefix of a name is not the name";
  EXPECT_EQ(image.config.env_value("HOME"), std::nullopt);
}

TEST(ImageConfigTest, SetEnvReplacesInPlaceOrAppends)
{
  RuntimeConfig config;
  config.env = {"A=1", "AB=2", "A=3"};
  config.set_env("A", "x");
  config.set_env("B", "y");
  EXPECT_EQ(config.env, (std::vector<std::string>{"A=x", "AB=2", "A=x", "B=y"}));
}

TEST(ImageConfigTest, WrongTypesNameTheField)
{
  auto rootfs = std::string(R"("rootfs": {"type": "layers", "diff_ids": []})");
  EXPECT_EQ(parse_error(R"({"os": "linux", "config": {"Env": "A=1"}, )" + rootfs + "}"),
            "config: config: Env: expected an array, got a string");
  EXPECT_EQ(parse_error(R"({"os": "linux", "config": {"Cmd": [1]}, )" + rootfs + "}"),
            "config: config: Cmd[0]: expected a string, got 1");
  EXPECT_EQ(parse_error(R"({"os": "linux", "config": {"Labels": {"a": 5}}, )" + rootfs + "}"),
            "config: config: Labels.a: expected a string, got 5");
  EXPECT_EQ(parse_error(R"({"os": "linux", "config": {"ExposedPorts": ["80"]}, )" + rootfs + "}"),
            "config: config: ExposedPorts: expected an object, got an array");
  EXPECT_EQ(parse_error(R"({"os": 5, )" + rootfs + "}"), "config: os: expected a string, got 5");
  EXPECT_EQ(parse_error(R"({"config": 5, )" + rootfs + "}"), "config: config: expected an object, got 5");
  EXPECT_EQ(parse_error(R"({"history": [{"empty_layer": "yes"}], )" + rootfs + "}"),
            "config: history[0]: empty_layer: expected true or false, got a string");
  EXPECT_EQ(parse_error(R"({"rootfs": {"diff_ids": [5]}})"),
            "config: rootfs.diff_ids[0]: expected a string, got 5");
  EXPECT_EQ(parse_error(R"({"os": "linux"})"), "config: no rootfs.diff_ids array");
  EXPECT_EQ(parse_error("[]"), "config: not a JSON object");
  EXPECT_EQ(parse_error("{"), "config: not a JSON object");
}

} // namespace
} // namespace pycontainer::oci
