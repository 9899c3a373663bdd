// Unit tests of what find_credentials reads from outside: a docker config (or REGISTRY_AUTH_FILE) and a
// credential helper's output. A field of the wrong type or a broken value is an Error naming the file or
// the helper and the field, never a nlohmann exception, and never shows the secret.
#include "remote/credentials.hpp"
#include "util/error.hpp"
#include "test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

namespace pycontainer::remote {
namespace {

class CredentialInputTest : public test::TempDirTest {
protected:
  void SetUp() override
  {
    TempDirTest::SetUp();
    m_env["DOCKER_CONFIG"] = dir().string();
  }

  CredentialSources sources()
  {
    CredentialSources result;
    result.environment = [this](const std::string& name) -> std::optional<std::string> {
      auto found = m_env.find(name);
      return found == m_env.end() ? std::nullopt : std::optional(found->second);
    };
    return result;
  }

  // The message of the Error that looking up r.example throws, with its exit status; "" when none.
  std::pair<std::string, int> lookup_error()
  {
    try {
      find_credentials("r.example", sources());
    } catch (const Error& error) {
      return {error.message(), error.exit_code()};
    }
    return {"", 0};
  }

  // A docker-credential-<name> on PATH that prints `output`.
  void helper(const std::string& name, const std::string& output)
  {
    auto path = write("bin/docker-credential-" + name, "#!/bin/sh\ncat >/dev/null\necho '" + output + "'\n");
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    if (m_old_path.empty()) {
      m_old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
      setenv("PATH", ((dir() / "bin").string() + ":" + m_old_path).c_str(), 1);
    }
  }

  void TearDown() override
  {
    if (!m_old_path.empty()) {
      setenv("PATH", m_old_path.c_str(), 1);
    }
    TempDirTest::TearDown();
  }

  std::map<std::string, std::string> m_env;
  std::string m_old_path;
};

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST_F(CredentialInputTest, WrongTypesInTheDockerConfigNameTheFileAndTheField)
{
  auto config = (dir() / "config.json").string();
  const std::pair<const char*, const char*> cases[] = {
    {R"({"auths":5})", R"(auths: expected an object, got 5)"},
    {R"({"auths":{"r.example":"c2VjcmV0OnB3"}})", R"(auths["r.example"]: expected an object, got a string)"},
    {R"({"auths":{"r.example":{"auth":5}}})", R"(auths["r.example"].auth: expected a string, got 5)"},
    {R"({"auths":{"r.example":{"identitytoken":["secret"]}}})",
     R"(auths["r.example"].identitytoken: expected a string, got an array)"},
    {R"({"auths":{"r.example":{"username":5,"password":"p"}}})",
     R"(auths["r.example"].username: expected a string, got 5)"},
    {R"({"auths":{"r.example":{"username":"u","password":true}}})",
     R"(auths["r.example"].password: expected a string, got true)"},
    {R"({"credsStore":5})", R"(credsStore: expected a string, got 5)"},
    {R"({"credHelpers":["ok"]})", R"(credHelpers: expected an object, got an array)"},
    {R"({"credHelpers":{"r.example":{}}})", R"(credHelpers["r.example"]: expected a string, got an object)"},
    // Every entry is checked, as docker does, not only the registry's own.
    {R"({"auths":{"other.example":{"auth":"%%%"}}})", R"(the "auth" entry for other.example is not base64)"},
    {R"([1])", R"(not a JSON object)"},
  };
  for (const auto& [text, expected] : cases) {
    write("config.json", text);
    auto [message, status] = lookup_error();
    EXPECT_CONTAINS(message, "docker config " + config);
    EXPECT_CONTAINS(message, expected);
    EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    EXPECT_EQ(status, 2) << message;
  }
}

TEST_F(CredentialInputTest, NullsAreAbsentAsInDocker)
{
  write("config.json", R"({"auths":{"r.example":{"auth":"dTpw","identitytoken":null}},"credsStore":null,)"
                       R"("credHelpers":null})");
  auto found = find_credentials("r.example", sources());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->username, "u");
  EXPECT_EQ(found->password, "p");
}

TEST_F(CredentialInputTest, WrongTypesInRegistryAuthFile)
{
  m_env.erase("DOCKER_CONFIG");
  auto file = write("auth.json", R"({"auths":{"r.example":{"auth":{}}}})").string();
  m_env["REGISTRY_AUTH_FILE"] = file;
  auto [message, status] = lookup_error();
  EXPECT_CONTAINS(message, "REGISTRY_AUTH_FILE " + file);
  EXPECT_CONTAINS(message, R"(auths["r.example"].auth: expected a string, got an object)");
}

TEST_F(CredentialInputTest, WrongTypesInAHelpersOutputNameTheHelperAndTheField)
{
  write("config.json", R"({"credHelpers":{"r.example":"odd"}})");
  const std::pair<const char*, const char*> cases[] = {
    {R"({"Username":5,"Secret":"secret"})", "Username: expected a string, got 5"},
    {R"({"Username":"u","Secret":["secret"]})", "Secret: expected a string, got an array"},
    {R"({"Username":"u"})", "Secret: missing"},
    {R"(["secret"])", "not a credentials JSON object"},
  };
  for (const auto& [output, expected] : cases) {
    helper("odd", output);
    auto [message, status] = lookup_error();
    EXPECT_CONTAINS(message, "credential helper docker-credential-odd");
    EXPECT_CONTAINS(message, "credHelpers");
    EXPECT_CONTAINS(message, expected);
    EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    EXPECT_EQ(status, 1) << message;
  }
}

} // namespace
} // namespace pycontainer::remote
