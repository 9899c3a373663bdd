#include "project/config_file.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::project {
namespace {

class ConfigFileTest : public test::TempDirTest {
protected:
  std::string error_of(const std::string& content)
  {
    auto file = write("pycontainer.toml", content);
    try {
      load_config_file(file);
    } catch (const UsageError& error) {
      return error.what();
    }
    return "no error";
  }
};

TEST_F(ConfigFileTest, ReadsTheOldToolsTables)
{
  auto file = write("pycontainer.toml", R"(
[build]
base_image = "oci:/images/base:3.11"
workdir = "/srv"
include_deps = true
reproducible = false
entrypoint = ["python3", "-m", "app"]
cmd = "--port 9000"
exposed_ports = [8000, "9000/udp"]
include-paths = ["src/", "pyproject.toml"]
platform = "linux/arm64"

[build.labels]
maintainer = "team@example.com"

[build.env]
PORT = 8080
DEBUG = "false"

[registry]
url = "ghcr.io/acme/app"
)");
  auto layer = load_config_file(file);
  EXPECT_EQ(layer.base_image, "oci:/images/base:3.11");
  EXPECT_EQ(layer.workdir, "/srv");
  EXPECT_EQ(layer.include_deps, true);
  EXPECT_EQ(layer.reproducible, false);
  EXPECT_EQ(layer.entrypoint, (std::vector<std::string>{"python3", "-m", "app"}));
  EXPECT_EQ(layer.cmd, (std::vector<std::string>{"--port", "9000"}));
  EXPECT_EQ(layer.expose, (std::vector<std::string>{"8000", "9000/udp"}));
  EXPECT_EQ(layer.include, (std::vector<std::string>{"src/", "pyproject.toml"}));
  EXPECT_EQ(layer.platform, "linux/arm64");
  EXPECT_EQ(layer.labels, (KeyValues{{"maintainer", "team@example.com"}}));
  EXPECT_EQ(layer.env, (KeyValues{{"DEBUG", "false"}, {"PORT", "8080"}}));
  EXPECT_EQ(layer.registry_url, "ghcr.io/acme/app");
}

TEST_F(ConfigFileTest, PycontainerBuildKeysOfTheToolTable)
{
  // The [tool.pycontainer] of pycontainer-build's Poetry plugin, as its README gives it.
  auto file = write("pyproject.toml", R"([project]
name = "app"

[tool.pycontainer]
tag = "myapp:latest"
base_image = "python:3.11-slim"
registry = "ghcr.io/user/myapp"
push = false
include_deps = true
sbom = "spdx"
verbose = true
dry_run = false
no_cache = true

[tool.pycontainer.env]
ENV = "production"

[tool.pycontainer.labels]
maintainer = "team@example.com"
)");
  auto layer = load_tool_table(file);
  EXPECT_EQ(layer.tag, "myapp:latest");
  EXPECT_EQ(layer.registry_url, "ghcr.io/user/myapp");
  EXPECT_EQ(layer.push, false);
  EXPECT_EQ(layer.verbose, true);
  EXPECT_EQ(layer.dry_run, false);
  EXPECT_EQ(layer.no_cache, true);
  EXPECT_EQ(layer.include_deps, true);
  EXPECT_EQ(layer.sbom, "spdx");
  EXPECT_EQ(layer.env, (KeyValues{{"ENV", "production"}}));

  // Our own table form stays.
  write("pyproject.toml", "[tool.pycontainer.registry]\nurl = \"localhost:5000\"\nusername = \"bot\"\n");
  layer = load_tool_table(file);
  EXPECT_EQ(layer.registry_url, "localhost:5000");
  EXPECT_EQ(layer.registry_username, "bot");
  // The Hatch hook's spelling.
  write("pyproject.toml", "[tool.pycontainer]\nno-cache = false\ndry-run = true\n");
  layer = load_tool_table(file);
  EXPECT_EQ(layer.no_cache, false);
  EXPECT_EQ(layer.dry_run, true);
}

TEST_F(ConfigFileTest, PycontainerBuildKeysOfItsConfigFile)
{
  auto file = write("pycontainer.toml", R"([build]
use_cache = false
requirements_file = "requirements/prod.txt"
generate_sbom = true
push = true
)");
  auto layer = load_config_file(file);
  EXPECT_EQ(layer.no_cache, true);
  EXPECT_EQ(layer.requirements, "requirements/prod.txt");
  EXPECT_EQ(layer.sbom, "spdx");
  EXPECT_EQ(layer.push, true);
  EXPECT_NE(error_of("[build]\npush = \"yes\"\n").find(":2:8: \"push\" must be true or false"), std::string::npos)
    << error_of("[build]\npush = \"yes\"\n");
  EXPECT_NE(error_of("[build]\ndry_runn = true\n").find("did you mean \"dry_run\""), std::string::npos);
}

TEST_F(ConfigFileTest, UnknownKeyNamesFileLineAndLikelyKey)
{
  auto message = error_of("[build]\nworkdir = \"/app\"\nbase_imag = \"scratch\"\n");
  EXPECT_NE(message.find("pycontainer.toml:3:"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown key \"base_imag\" in [build]"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean \"base_image\""), std::string::npos) << message;
}

TEST_F(ConfigFileTest, UnknownTableIsAnError)
{
  auto message = error_of("[biuld]\ntag = \"a:b\"\n");
  EXPECT_NE(message.find("pycontainer.toml:1:"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown table [biuld]"), std::string::npos) << message;
}

TEST_F(ConfigFileTest, WrongTypeNamesTheKey)
{
  auto message = error_of("[build]\nreproducible = \"yes\"\n");
  EXPECT_NE(message.find(":2:"), std::string::npos) << message;
  EXPECT_NE(message.find("\"reproducible\" must be true or false"), std::string::npos) << message;
}

TEST_F(ConfigFileTest, BrokenTomlGivesPosition)
{
  auto message = error_of("[build]\ntag = \"unterminated\n");
  EXPECT_NE(message.find("pycontainer.toml:2:"), std::string::npos) << message;
}

TEST_F(ConfigFileTest, MissingFileIsAUsageError)
{
  EXPECT_THROW(load_config_file(dir() / "nope.toml"), UsageError);
}

TEST_F(ConfigFileTest, ToolTableOfPyproject)
{
  auto file = write("pyproject.toml", R"(
[project]
name = "x"

[tool.pycontainer]
tag = "x:1"
expose = 8000

[tool.pycontainer.env]
A = "1"

[tool.pycontainer.registry]
username = "me"
)");
  auto layer = load_tool_table(file);
  EXPECT_EQ(layer.tag, "x:1");
  EXPECT_EQ(layer.expose, (std::vector<std::string>{"8000"}));
  EXPECT_EQ(layer.env, (KeyValues{{"A", "1"}}));
  EXPECT_EQ(layer.registry_username, "me");
}

TEST_F(ConfigFileTest, ToolTableUnknownKey)
{
  auto file = write("pyproject.toml", "[tool.pycontainer]\nentrypiont = \"x\"\n");
  try {
    load_tool_table(file);
    FAIL() << "expected UsageError";
  } catch (const UsageError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("pyproject.toml:2:"), std::string::npos) << message;
    EXPECT_NE(message.find("[tool.pycontainer]"), std::string::npos) << message;
    EXPECT_NE(message.find("did you mean \"entrypoint\""), std::string::npos) << message;
  }
}

TEST_F(ConfigFileTest, NoToolTableIsEmpty)
{
  auto layer = load_tool_table(write("pyproject.toml", "[project]\nname = \"x\"\n"));
  EXPECT_FALSE(layer.tag);
  EXPECT_TRUE(layer.env.empty());
}

} // namespace
} // namespace pycontainer::project
