// Unit tests of the registry code that needs no network: the Www-Authenticate parser, Location
// resolution, Retry-After and backoff, redaction, the token cache, the credential source order and
// the credential sources' wrong-typed fields.
#include "remote/auth.hpp"
#include "remote/credentials.hpp"
#include "remote/redact.hpp"
#include "remote/retry.hpp"
#include "remote/url.hpp"
#include "remote/www_authenticate.hpp"
#include "util/error.hpp"
#include "test_support.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

namespace pycontainer::remote {
namespace {

TEST(RemoteAuthHeader, ParsesTable)
{
  struct Case {
    std::string header;
    std::vector<std::pair<std::string, std::map<std::string, std::string>>> expected;
  };
  std::vector<Case> cases = {
    {R"(Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push")",
     {{"bearer", {{"realm", "https://auth.example/token"}, {"service", "registry.example"},
                  {"scope", "repository:a/b:pull,push"}}}}},
    {R"(BASIC Realm="x, y")", {{"basic", {{"realm", "x, y"}}}}},
    {R"(Bearer realm="a\"b\\c")", {{"bearer", {{"realm", "a\"b\\c"}}}}},
    {R"(Basic realm="x", Bearer realm="y",service=z)", {{"basic", {{"realm", "x"}}}, {"bearer", {{"realm", "y"}, {"service", "z"}}}}},
    {R"(Bearer realm="r",scope="repository:localhost:5000/a:pull",error="insufficient_scope")",
     {{"bearer", {{"realm", "r"}, {"scope", "repository:localhost:5000/a:pull"}, {"error", "insufficient_scope"}}}}},
    {"Basic", {{"basic", {}}}},
    {R"(Bearer realm="unterminated)", {}},
    {"", {}},
    {R"(Basic realm="ok", =broken)", {{"basic", {{"realm", "ok"}}}}},
  };
  for (const auto& c : cases) {
    auto parsed = parse_www_authenticate(c.header);
    ASSERT_EQ(parsed.size(), c.expected.size()) << c.header;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      EXPECT_EQ(parsed[i].scheme, c.expected[i].first) << c.header;
      EXPECT_EQ(parsed[i].parameters, c.expected[i].second) << c.header;
    }
  }
}

TEST(RemoteLocation, ResolvesEveryForm)
{
  std::string base = "http://127.0.0.1:5000/v2/a/blobs/uploads/";
  EXPECT_EQ(resolve_location(base, "https://other:1/x?y=1"), "https://other:1/x?y=1");
  EXPECT_EQ(resolve_location(base, "/v2/a/blobs/uploads/u1?_state=s"), "http://127.0.0.1:5000/v2/a/blobs/uploads/u1?_state=s");
  EXPECT_EQ(resolve_location(base, "u2"), "http://127.0.0.1:5000/v2/a/blobs/uploads/u2");
  EXPECT_EQ(resolve_location("http://h/v2/a/blobs/uploads/u1", "../x"), "http://h/v2/a/blobs/x");
  EXPECT_EQ(resolve_location(base, "//cdn.example/p"), "http://cdn.example/p");
  EXPECT_EQ(add_query("http://h/u?_state=s", "digest", "sha256:ab"), "http://h/u?_state=s&digest=sha256%3Aab");
  EXPECT_EQ(add_query("http://h/u", "digest", "sha256:ab"), "http://h/u?digest=sha256%3Aab");
  EXPECT_TRUE(is_loopback_host("127.0.0.1:5000"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("[::1]:5000"));
  EXPECT_FALSE(is_loopback_host("127.example.com"));
  EXPECT_FALSE(is_loopback_host("ghcr.io"));
}

TEST(RemoteRetry, RetryAfterAndBackoff)
{
  auto now = std::chrono::system_clock::from_time_t(1445412480); // Wed, 21 Oct 2015 07:28:00 GMT
  EXPECT_EQ(parse_retry_after("120", now), std::chrono::milliseconds(120000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now), std::chrono::milliseconds(10000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), std::chrono::milliseconds(0));
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", now), std::nullopt);
  RetryPolicy policy;
  policy.base_delay = std::chrono::milliseconds(100);
  policy.max_delay = std::chrono::milliseconds(1000);
  EXPECT_EQ(backoff_delay(policy, 1, 0.0), std::chrono::milliseconds(50));
  EXPECT_EQ(backoff_delay(policy, 1, 1.0), std::chrono::milliseconds(100));
  EXPECT_EQ(backoff_delay(policy, 3, 1.0), std::chrono::milliseconds(400));
  EXPECT_EQ(backoff_delay(policy, 10, 1.0), std::chrono::milliseconds(1000));
  for (int status : {408, 429, 500, 502, 503, 504}) {
    EXPECT_TRUE(is_retryable_status(status)) << status;
  }
  for (int status : {200, 400, 401, 403, 404, 501}) {
    EXPECT_FALSE(is_retryable_status(status)) << status;
  }
}

// system_clock counts nanoseconds in 64 bits: its time points end in April 2262. Dates after that are
// still answers (a registry's, or a fuzzer's): a long delay, never an overflow.
TEST(RemoteRetry, RetryAfterDatesBeyondTheClocksRange)
{
  using namespace std::chrono;
  auto now = system_clock::time_point(sys_days(2026y / December / 1));
  auto delay_until = [&](sys_days day) {
    return duration_cast<milliseconds>(day.time_since_epoch()) - duration_cast<milliseconds>(now.time_since_epoch());
  };
  EXPECT_EQ(parse_retry_after("Sat, 01 Jan 2000 00:00:00 GMT", now), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Fri, 01 Jan 2262 00:00:00 GMT", now), delay_until(sys_days(2262y / January / 1)));
  EXPECT_EQ(parse_retry_after("Mon, 01 Jan 2263 00:00:00 GMT", now), delay_until(sys_days(2263y / January / 1)));
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 00:00:00 GMT", now), delay_until(sys_days(9999y / December / 31)));
  EXPECT_EQ(parse_retry_after("Tue Jan  1 00:00:00 2400", now), delay_until(sys_days(2400y / January / 1)));
  // Such a delay is longer than any RetryPolicy::max_retry_after: the client gives up at once.
  EXPECT_GT(*parse_retry_after("Mon, 01 Jan 2263 00:00:00 GMT", now), RetryPolicy{}.max_retry_after);
}

TEST(RemoteRedaction, HidesSecrets)
{
  EXPECT_EQ(redact_url("https://s3/x?X-Amz-Signature=abc&X-Amz-Credential=k&part=1"),
            "https://s3/x?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&part=1");
  EXPECT_EQ(redact_url("https://cdn/x?sig=abc&se=2025"), "https://cdn/x?sig=REDACTED&se=2025");
  EXPECT_EQ(redact_url("http://h/v2/"), "http://h/v2/");
  EXPECT_EQ(redact_url("https://alice:s3cret@index.example/simple/?token=t"),
            "https://alice:REDACTED@index.example/simple/?token=REDACTED");
  EXPECT_EQ(redact_url("https://ghp_token@index.example/simple/"), "https://REDACTED@index.example/simple/");
  EXPECT_EQ(redact_url("https://index.example/a@b"), "https://index.example/a@b");
  EXPECT_EQ(redact_header("Authorization", "Bearer eyJsecret"), "Bearer REDACTED");
  EXPECT_EQ(redact_header("authorization", "Basic dXNlcjpwYXNz"), "Basic REDACTED");
  EXPECT_EQ(redact_header("Content-Type", "a/b"), "a/b");
}

TEST(RemoteTokenCache, ExpiresShortlyBeforeTheEnd)
{
  TokenCache cache;
  auto start = TokenCache::Clock::time_point{};
  cache.put("repository:a:pull", "t1", std::chrono::seconds(60), start);
  EXPECT_EQ(cache.get("repository:a:pull", start + std::chrono::seconds(50)), "t1");
  EXPECT_EQ(cache.get("repository:a:pull", start + std::chrono::seconds(55)), std::nullopt);
  EXPECT_EQ(cache.get("repository:b:pull", start), std::nullopt);
  cache.put("k", "t2", std::chrono::seconds(3600), start);
  EXPECT_EQ(cache.get("k", start + std::chrono::seconds(3570)), std::nullopt); // 30 s margin at most
  EXPECT_EQ(cache.get("k", start + std::chrono::seconds(3569)), "t2");
  cache.invalidate("k");
  EXPECT_EQ(cache.get("k", start), std::nullopt);
}

class CredentialOrderTest : public test::TempDirTest {
protected:
  std::map<std::string, std::string> m_env;
  CredentialSources sources()
  {
    CredentialSources result;
    result.environment = [this](const std::string& name) -> std::optional<std::string> {
      auto found = m_env.find(name);
      return found == m_env.end() ? std::nullopt : std::optional(found->second);
    };
    return result;
  }
};

TEST_F(CredentialOrderTest, FollowsTheDocumentedOrder)
{
  m_env["DOCKER_CONFIG"] = dir().string();
  write("config.json", R"({"auths":{"r.example":{"auth":"Y2ZnOnB3"}}})"); // cfg:pw
  auto found = find_credentials("r.example", sources());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->username, "cfg");
  EXPECT_EQ(found->password, "pw");

  m_env["GITHUB_TOKEN"] = "gh";
  EXPECT_EQ(find_credentials("r.example", sources())->username, "cfg"); // GITHUB_TOKEN is for ghcr.io only
  EXPECT_EQ(find_credentials("ghcr.io", sources())->password, "gh");
  m_env["REGISTRY_TOKEN"] = "tok";
  EXPECT_EQ(find_credentials("ghcr.io", sources())->bearer_token, "tok");
  m_env["REGISTRY_USERNAME"] = "u";
  m_env["REGISTRY_PASSWORD"] = "p";
  EXPECT_EQ(find_credentials("ghcr.io", sources())->source, "REGISTRY_USERNAME/REGISTRY_PASSWORD");
  auto with_flags = sources();
  with_flags.username = "flag";
  with_flags.password = "secret";
  EXPECT_EQ(find_credentials("ghcr.io", with_flags)->username, "flag");
}

TEST_F(CredentialOrderTest, DockerHubKeyAndIdentityToken)
{
  m_env["DOCKER_CONFIG"] = dir().string();
  write("config.json", R"({"auths":{"https://index.docker.io/v1/":{"identitytoken":"refresh"}}})");
  auto found = find_credentials("docker.io", sources());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->identity_token, "refresh");
  EXPECT_FALSE(find_credentials("other.example", sources()));
}

TEST_F(CredentialOrderTest, CredentialHelpers)
{
  m_env["DOCKER_CONFIG"] = dir().string();
  auto bin = dir() / "bin";
  write("bin/docker-credential-ok", "#!/bin/sh\nread s\necho '{\"ServerURL\":\"'$s'\",\"Username\":\"hu\",\"Secret\":\"hs\"}'\n");
  write("bin/docker-credential-none", "#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n");
  write("bin/docker-credential-crash", "#!/bin/sh\nexit 7\n");
  write("bin/docker-credential-junk", "#!/bin/sh\necho junk\n");
  for (auto name : {"ok", "none", "crash", "junk"}) {
    std::filesystem::permissions(bin / (std::string("docker-credential-") + name), std::filesystem::perms::owner_all);
  }
  std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "";
  setenv("PATH", (bin.string() + ":" + old_path).c_str(), 1);
  write("config.json", R"({"credHelpers":{"r.example":"ok"},"credsStore":"none","auths":{"r.example":{"auth":"Y2ZnOnB3"}}})");
  EXPECT_EQ(find_credentials("r.example", sources())->username, "hu");
  EXPECT_EQ(find_credentials("s.example", sources()), std::nullopt); // credsStore says not found, no auths
  write("config.json", R"({"credsStore":"none","auths":{"r.example":{"auth":"Y2ZnOnB3"}}})");
  EXPECT_EQ(find_credentials("r.example", sources())->username, "cfg"); // credsStore before auths
  write("config.json", R"({"credHelpers":{"r.example":"crash"}})");
  EXPECT_THROW(find_credentials("r.example", sources()), Error);
  write("config.json", R"({"credHelpers":{"r.example":"junk"}})");
  EXPECT_THROW(find_credentials("r.example", sources()), Error);
  write("config.json", R"({"credHelpers":{"r.example":"missing-helper"}})");
  EXPECT_THROW(find_credentials("r.example", sources()), Error);
  setenv("PATH", old_path.c_str(), 1);
}

// What find_credentials reads from outside: a field of the wrong type or a broken value in a docker
// config, REGISTRY_AUTH_FILE or a credential helper's output is an Error naming the file or the helper
// and the field, never a nlohmann exception, and never shows the secret.
class CredentialInputTest : public CredentialOrderTest {
protected:
  void SetUp() override
  {
    CredentialOrderTest::SetUp();
    m_env["DOCKER_CONFIG"] = dir().string();
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
    CredentialOrderTest::TearDown();
  }

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
    {R"({"auths":{})", R"(not valid JSON (at byte 12))"},
    {R"({"auths":1e999})", R"(not valid JSON (a number out of range))"},
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
