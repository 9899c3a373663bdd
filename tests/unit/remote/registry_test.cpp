// Unit tests of Registry::send against a scripted fake HTTP transport (no network): which statuses are
// retried (408, 429, 5xx; never 400/404), that retries are bounded and the final error says what was
// tried, Retry-After, connection failures, the token exchange (insufficient_scope widens the scope
// and asks again, once), redirects to another host (no Authorization sent there), and the connection
// settings (CA file: --ca-file, else SSL_CERT_FILE; --connect-to) of the registry and its token realm
// alike. Then Repository: a cut download resumes with Range, a cut chunk upload resumes from the
// registry's Range.
#include "remote/http.hpp"
#include "remote/fake_transport.hpp"
#include "remote/registry.hpp"
#include "remote/registry_error.hpp"
#include "remote/repository.hpp"
#include "test_support.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace pycontainer::remote {
namespace {

using fake::FakeTransport;

constexpr const char* k_registry = "registry.example";
constexpr const char* k_blob_url = "https://registry.example/v2/app/blobs/sha256:aa";

RegistryOptions fast_options(int retries)
{
  RegistryOptions options;
  options.retry.retries = retries;
  options.retry.base_delay = std::chrono::milliseconds(1);
  options.retry.max_delay = std::chrono::milliseconds(2);
  options.username = "user"; // explicit credentials: nothing read from the machine
  options.password = "pass";
  return options;
}

HttpRequest get(const std::string& url)
{
  HttpRequest request;
  request.url = url;
  return request;
}

std::string authorization_of(const HttpRequest& request)
{
  return find_header(request.headers, "Authorization").value_or("");
}

class RegistrySendTest : public ::testing::Test {
protected:
  FakeTransport m_transport;
  void ping_ok() { m_transport.then("https://registry.example/v2/", 200); }
};

TEST_F(RegistrySendTest, RetriesTemporaryStatusesThenSucceeds)
{
  for (int status : {408, 429, 500, 502, 503, 504}) {
    FakeTransport transport;
    transport.then("/v2/", 200);
    transport.then("/blobs/", status);
    transport.then("/blobs/", status);
    transport.then("/blobs/", 200, {}, "content");
    Registry registry(k_registry, fast_options(5), transport);
    auto response = registry.send(get(k_blob_url), {"repository:app:pull"});
    EXPECT_EQ(response.status, 200) << status;
    EXPECT_EQ(response.body, "content") << status;
    EXPECT_EQ(transport.requests().size(), 4u) << status;
    EXPECT_TRUE(transport.done()) << status;
  }
}

TEST_F(RegistrySendTest, NeverRetriesClientErrors)
{
  for (int status : {400, 403, 404, 405, 501}) {
    FakeTransport transport;
    transport.then("/v2/", 200);
    transport.then("/blobs/", status);
    Registry registry(k_registry, fast_options(5), transport);
    EXPECT_EQ(registry.send(get(k_blob_url), {"repository:app:pull"}).status, status);
    EXPECT_EQ(transport.requests().size(), 2u) << status; // the ping and one attempt
  }
}

TEST_F(RegistrySendTest, GivesUpAfterTheBoundedRetriesNamingWhatWasTried)
{
  ping_ok();
  for (int i = 0; i < 4; ++i) {
    m_transport.then("/blobs/", i == 1 ? 429 : 503, {}, R"({"errors":[{"code":"UNAVAILABLE","message":"try later"}]})");
  }
  Registry registry(k_registry, fast_options(3), m_transport);
  try {
    registry.send(get(k_blob_url), {"repository:app:pull"});
    FAIL() << "no error";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.status(), 503);
    EXPECT_EQ(error.code(), "UNAVAILABLE");
    EXPECT_TRUE(error.temporary());
    std::string message = error.what();
    EXPECT_NE(message.find("gave up after 4 attempts (HTTP 503, HTTP 429, HTTP 503, HTTP 503)"), std::string::npos)
      << message;
    EXPECT_NE(message.find(k_blob_url), std::string::npos) << message;
  }
  EXPECT_EQ(m_transport.requests().size(), 5u);
  EXPECT_TRUE(m_transport.done());
}

TEST_F(RegistrySendTest, ZeroRetriesMeansOneAttempt)
{
  ping_ok();
  m_transport.then("/blobs/", 500);
  Registry registry(k_registry, fast_options(0), m_transport);
  EXPECT_THROW(registry.send(get(k_blob_url), {"repository:app:pull"}), RegistryError);
  EXPECT_EQ(m_transport.requests().size(), 2u);
}

TEST_F(RegistrySendTest, HonoursRetryAfter)
{
  ping_ok();
  m_transport.then("/blobs/", 429, {{"Retry-After", "1"}});
  m_transport.then("/blobs/", 200);
  Registry registry(k_registry, fast_options(5), m_transport);
  EXPECT_EQ(registry.send(get(k_blob_url), {"repository:app:pull"}).status, 200);
  ASSERT_EQ(m_transport.times().size(), 3u);
  // The backoff alone would wait about a millisecond.
  EXPECT_GE(m_transport.times()[2] - m_transport.times()[1], std::chrono::milliseconds(990));
}

TEST_F(RegistrySendTest, RetryAfterTooLongGivesUpAtOnce)
{
  ping_ok();
  m_transport.then("/blobs/", 503, {{"Retry-After", "3600"}});
  auto options = fast_options(5);
  options.retry.max_retry_after = std::chrono::seconds(60);
  Registry registry(k_registry, options, m_transport);
  try {
    registry.send(get(k_blob_url), {"repository:app:pull"});
    FAIL() << "no error";
  } catch (const RegistryError& error) {
    EXPECT_NE(std::string(error.what()).find("retry after 3600, too long"), std::string::npos) << error.what();
  }
  EXPECT_EQ(m_transport.requests().size(), 2u);
}

TEST_F(RegistrySendTest, RetriesConnectionFailuresUnlessTold)
{
  ping_ok();
  m_transport.then_connection_failure("/blobs/");
  m_transport.then_connection_failure("/blobs/");
  m_transport.then("/blobs/", 200);
  Registry registry(k_registry, fast_options(5), m_transport);
  EXPECT_EQ(registry.send(get(k_blob_url), {"repository:app:pull"}).status, 200);
  EXPECT_EQ(m_transport.requests().size(), 4u);

  // A streamed request (its caller resumes by itself) is not retried here.
  m_transport.then_connection_failure("/blobs/");
  EXPECT_THROW(registry.send(get(k_blob_url), {"repository:app:pull"}, SendOptions{.retry_transport = false}),
               TransportError);
  EXPECT_EQ(m_transport.requests().size(), 5u);

  // Bounded too: the error says how many attempts were made.
  ping_ok();
  for (int i = 0; i < 3; ++i) {
    m_transport.then_connection_failure("/blobs/");
  }
  Registry bounded(k_registry, fast_options(2), m_transport);
  try {
    bounded.send(get(k_blob_url), {"repository:app:pull"});
    FAIL() << "no error";
  } catch (const TransportError& error) {
    EXPECT_NE(std::string(error.what()).find("gave up after 3 attempts"), std::string::npos) << error.what();
  }
}

TEST_F(RegistrySendTest, PingIsRetriedOnTemporaryStatuses)
{
  m_transport.then("/v2/", 503);
  m_transport.then("/v2/", 502);
  m_transport.then("/v2/", 200);
  m_transport.then("/blobs/", 200);
  Registry registry(k_registry, fast_options(5), m_transport);
  EXPECT_EQ(registry.send(get(k_blob_url), {"repository:app:pull"}).status, 200);
  EXPECT_TRUE(m_transport.done());
}

// A registry on loopback is asked over plain http first (a local registry:2 mostly is); a TLS server's
// 400 to plain HTTP, or a dropped connection, sends the ping to https, verified.
TEST_F(RegistrySendTest, LoopbackIsAskedOverPlainHttpFirst)
{
  m_transport.then("http://127.0.0.1:5000/v2/", 401, {{"Www-Authenticate", R"(Basic realm="r")"}});
  Registry plain("127.0.0.1:5000", fast_options(0), m_transport);
  EXPECT_EQ(plain.base_url(), "http://127.0.0.1:5000");
  ASSERT_EQ(m_transport.requests().size(), 1u);

  m_transport.then("http://localhost:5001/v2/", 400, {}, "Client sent an HTTP request to an HTTPS server.\n");
  m_transport.then("https://localhost:5001/v2/", 200);
  Registry tls("localhost:5001", fast_options(0), m_transport);
  EXPECT_EQ(tls.base_url(), "https://localhost:5001");
  EXPECT_TRUE(m_transport.requests().back().verify_tls);

  m_transport.then_connection_failure("http://127.0.0.1:5002/v2/");
  m_transport.then("https://127.0.0.1:5002/v2/", 200);
  Registry dropped("127.0.0.1:5002", fast_options(0), m_transport);
  EXPECT_EQ(dropped.base_url(), "https://127.0.0.1:5002");
  EXPECT_TRUE(m_transport.done());
}

TEST_F(RegistrySendTest, OtherHostsAreAskedOverHttpsOnly)
{
  m_transport.then_do("https://registry.example/v2/", []() -> HttpResponse {
    throw TransportError("wrong version number", "https://registry.example/v2/", TransportError::Kind::tls_handshake);
  });
  Registry registry(k_registry, fast_options(0), m_transport);
  EXPECT_THROW(registry.base_url(), TransportError);
  ASSERT_EQ(m_transport.requests().size(), 1u); // never plain http without --insecure-registry
}

const Headers k_bearer_challenge = {
  {"Www-Authenticate", R"(Bearer realm="https://auth.example/token",service="registry.example")"}};

TEST_F(RegistrySendTest, InsufficientScopeAsksForAWiderTokenOnce)
{
  m_transport.then("https://registry.example/v2/", 401, k_bearer_challenge);
  m_transport.then("https://auth.example/token?service=registry.example&scope=repository%3Aapp%3Apull%2Cpush", 200,
                   {}, R"({"token":"narrow-token","expires_in":300})");
  m_transport.then("/blobs/uploads/", 401,
                   {{"Www-Authenticate", R"(Bearer realm="https://auth.example/token",service="registry.example",)"
                                         R"(scope="repository:base:pull",error="insufficient_scope")"}});
  m_transport.then("&scope=repository%3Aapp%3Apull%2Cpush&scope=repository%3Abase%3Apull", 200, {},
                   R"({"access_token":"wide-token"})");
  m_transport.then("/blobs/uploads/", 201);
  Registry registry(k_registry, fast_options(5), m_transport);
  HttpRequest mount;
  mount.method = "POST";
  mount.url = "https://registry.example/v2/app/blobs/uploads/?mount=sha256%3Aaa&from=base";
  EXPECT_EQ(registry.send(mount, {"repository:app:pull,push"}).status, 201);
  ASSERT_TRUE(m_transport.done());
  const auto& sent = m_transport.requests();
  EXPECT_EQ(authorization_of(sent[1]), "Basic dXNlcjpwYXNz"); // user:pass, to the realm
  EXPECT_EQ(authorization_of(sent[2]), "Bearer narrow-token");
  EXPECT_EQ(authorization_of(sent[4]), "Bearer wide-token");
}

TEST_F(RegistrySendTest, InsufficientScopeThatCannotWidenFailsClearly)
{
  m_transport.then("https://registry.example/v2/", 401, k_bearer_challenge);
  m_transport.then("auth.example/token", 200, {}, R"({"token":"t1"})");
  // The scope named is already held: asking again cannot help.
  m_transport.then("/manifests/1", 401,
                   {{"Www-Authenticate", R"(Bearer realm="https://auth.example/token",service="registry.example",)"
                                         R"(scope="repository:app:pull",error="insufficient_scope")"}},
                   R"({"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]})");
  Registry registry(k_registry, fast_options(5), m_transport);
  try {
    registry.send(get("https://registry.example/v2/app/manifests/1"), {"repository:app:pull"});
    FAIL() << "no error";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.status(), 401);
    EXPECT_EQ(error.code(), "DENIED");
    std::string message = error.what();
    EXPECT_NE(message.find("refused authentication"), std::string::npos) << message;
    EXPECT_NE(message.find("credentials from --username"), std::string::npos) << message; // the source named
    EXPECT_EQ(message.find("dXNlcjpwYXNz"), std::string::npos) << message;
    EXPECT_EQ(message.find("t1"), std::string::npos) << message;
  }
  EXPECT_TRUE(m_transport.done());
}

TEST_F(RegistrySendTest, ExpiredTokenIsRenewedBoundedly)
{
  m_transport.then("https://registry.example/v2/", 401, k_bearer_challenge);
  m_transport.then("auth.example/token", 200, {}, R"({"token":"old"})");
  m_transport.then("/manifests/1", 401, k_bearer_challenge);
  m_transport.then("auth.example/token", 200, {}, R"({"token":"new"})");
  m_transport.then("/manifests/1", 200);
  Registry registry(k_registry, fast_options(5), m_transport);
  EXPECT_EQ(registry.send(get("https://registry.example/v2/app/manifests/1"), {"repository:app:pull"}).status, 200);
  EXPECT_EQ(authorization_of(m_transport.requests().back()), "Bearer new");

  // A registry that refuses every token: a bounded number of new tokens, then a clear error.
  for (int i = 0; i < 2; ++i) {
    m_transport.then("/manifests/2", 401, k_bearer_challenge);
    m_transport.then("auth.example/token", 200, {}, R"({"token":"again"})");
  }
  m_transport.then("/manifests/2", 401, k_bearer_challenge);
  EXPECT_THROW(registry.send(get("https://registry.example/v2/app/manifests/2"), {"repository:app:pull"}),
               RegistryError);
  EXPECT_TRUE(m_transport.done());
}

TEST_F(RegistrySendTest, TokenRequestIsRetried)
{
  m_transport.then("https://registry.example/v2/", 401, k_bearer_challenge);
  m_transport.then("auth.example/token", 503);
  m_transport.then_connection_failure("auth.example/token");
  m_transport.then("auth.example/token", 200, {}, R"({"token":"t1"})");
  m_transport.then("/manifests/1", 200);
  Registry registry(k_registry, fast_options(5), m_transport);
  EXPECT_EQ(registry.send(get("https://registry.example/v2/app/manifests/1"), {"repository:app:pull"}).status, 200);
  EXPECT_EQ(authorization_of(m_transport.requests().back()), "Bearer t1");
}

TEST_F(RegistrySendTest, WrongTypedTokenResponseNamesTheField)
{
  const std::pair<const char*, const char*> cases[] = {
    {R"({"token":5})", "token: expected a string, got 5"},
    {R"({"access_token":{"value":"secret"}})", "access_token: expected a string, got an object"},
    {R"({"token":"secret","expires_in":"300"})", "expires_in: expected an integer, got a string"},
    {R"({"token":"secret","expires_in":1.5})", "expires_in: expected an integer, got 1.5"},
    {R"(["secret"])", "not a JSON object"},
  };
  for (const auto& [body, expected] : cases) {
    FakeTransport transport;
    transport.then("https://registry.example/v2/", 401, k_bearer_challenge);
    transport.then("auth.example/token", 200, {}, body);
    Registry registry(k_registry, fast_options(5), transport);
    try {
      registry.send(get("https://registry.example/v2/app/manifests/1"), {"repository:app:pull"});
      ADD_FAILURE() << "no error for " << body;
    } catch (const RegistryError& error) {
      std::string message = error.what();
      EXPECT_NE(message.find("token service https://auth.example/token"), std::string::npos) << message;
      EXPECT_NE(message.find(expected), std::string::npos) << message;
      EXPECT_EQ(message.find("secret"), std::string::npos) << message;
    }
  }
}

TEST_F(RegistrySendTest, TokenLivingForCenturiesIsReused)
{
  // 10^10 s is past what steady_clock's nanoseconds hold: the lifetime is capped, not overflowed.
  m_transport.then("https://registry.example/v2/", 401, k_bearer_challenge);
  m_transport.then("auth.example/token", 200, {}, R"({"token":"t1","expires_in":10000000000})");
  m_transport.then("/manifests/1", 200);
  m_transport.then("/manifests/2", 200);
  Registry registry(k_registry, fast_options(5), m_transport);
  EXPECT_EQ(registry.send(get("https://registry.example/v2/app/manifests/1"), {"repository:app:pull"}).status, 200);
  EXPECT_EQ(registry.send(get("https://registry.example/v2/app/manifests/2"), {"repository:app:pull"}).status, 200);
  EXPECT_EQ(authorization_of(m_transport.requests().back()), "Bearer t1");
  EXPECT_TRUE(m_transport.done());
}

TEST_F(RegistrySendTest, RedirectToAnotherHostCarriesNoAuthorization)
{
  m_transport.then("https://registry.example/v2/", 401, k_bearer_challenge);
  m_transport.then("auth.example/token", 200, {}, R"({"token":"t1"})");
  m_transport.then("/blobs/", 307, {{"Location", "https://storage.example/object?X-Amz-Signature=s"}});
  m_transport.then("https://storage.example/object", 503); // retried at the new host
  m_transport.then("https://storage.example/object", 200, {}, "bytes");
  Registry registry(k_registry, fast_options(5), m_transport);
  auto response = registry.send(get(k_blob_url), {"repository:app:pull"});
  EXPECT_EQ(response.body, "bytes");
  const auto& sent = m_transport.requests();
  ASSERT_EQ(sent.size(), 5u);
  EXPECT_EQ(authorization_of(sent[2]), "Bearer t1");
  EXPECT_EQ(authorization_of(sent[3]), "");
  EXPECT_EQ(authorization_of(sent[4]), "");

  // https -> http is refused.
  m_transport.then("/blobs/", 302, {{"Location", "http://storage.example/object"}});
  EXPECT_THROW(registry.send(get(k_blob_url), {"repository:app:pull"}), RegistryError);
}

// SSL_CERT_FILE set for one test case.
class SslCertFile {
public:
  explicit SslCertFile(const std::string& file) { ::setenv("SSL_CERT_FILE", file.c_str(), 1); }
  ~SslCertFile() { ::unsetenv("SSL_CERT_FILE"); }
};

class RegistryConnectionTest : public test::TempDirTest {
protected:
  FakeTransport m_transport;
  // A pull through a Bearer challenge: ping, token realm, manifest.
  void pull(const RegistryOptions& options)
  {
    m_transport.then("https://registry.example/v2/", 401, k_bearer_challenge);
    m_transport.then("https://auth.example/token", 200, {}, R"({"token":"t1"})");
    m_transport.then("/manifests/1", 200);
    Registry registry(k_registry, options, m_transport);
    registry.send(get("https://registry.example/v2/app/manifests/1"), {"repository:app:pull"});
    ASSERT_TRUE(m_transport.done());
  }
};

TEST_F(RegistryConnectionTest, SslCertFileIsTrustedByTheRegistryAndItsTokenRealm)
{
  auto ca = write("ca.pem", "CA certificates");
  SslCertFile variable(ca.string());
  pull(fast_options(0));
  ASSERT_EQ(m_transport.requests().size(), 3u);
  for (const auto& request : m_transport.requests()) {
    EXPECT_EQ(request.connection.ca_file, ca.string()) << request.url;
  }
}

TEST_F(RegistryConnectionTest, CaFileOptionWinsOverSslCertFile)
{
  auto ca = write("ca.pem", "CA certificates");
  SslCertFile variable(write("other.pem", "other CA certificates").string());
  auto options = fast_options(0);
  options.ca_file = ca.string();
  pull(options);
  for (const auto& request : m_transport.requests()) {
    EXPECT_EQ(request.connection.ca_file, ca.string()) << request.url;
  }
}

TEST_F(RegistryConnectionTest, ConnectToRulesApplyToTheRegistryAndItsTokenRealm)
{
  auto options = fast_options(0);
  options.connect_to = {"registry.example:443:127.0.0.1:5000", "auth.example:443:127.0.0.1:5001"};
  pull(options);
  for (const auto& request : m_transport.requests()) {
    EXPECT_EQ(request.connection.connect_to, options.connect_to) << request.url;
  }
  options.connect_to = {"registry.example:443"};
  EXPECT_THROW(Registry(k_registry, options, m_transport), UsageError);
}

TEST_F(RegistryConnectionTest, MissingCaFileIsAUsageErrorNamingItsSource)
{
  auto missing = (dir() / "missing.pem").string();
  SslCertFile variable(missing);
  try {
    Registry registry(k_registry, fast_options(0), m_transport);
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_EQ(std::string(error.what()), "CA file '" + missing + "' (SSL_CERT_FILE) does not exist");
  }
}

class RepositoryTransferTest : public test::TempDirTest {
protected:
  FakeTransport m_transport;
  const HttpRequest& last() const { return m_transport.requests().back(); }
};

TEST_F(RepositoryTransferTest, CutDownloadResumesWithRange)
{
  std::string content(100000, 'x');
  for (std::size_t i = 0; i < content.size(); ++i) {
    content[i] = static_cast<char>('a' + i % 26);
  }
  oci::Descriptor blob;
  blob.digest = oci::Digest::of(content);
  blob.size = static_cast<std::int64_t>(content.size());
  m_transport.then("/v2/", 200);
  m_transport.then_do("/blobs/sha256:", [&]() -> HttpResponse {
    last().on_body_start(200, {});
    last().on_body(content.data(), 30000);
    throw TransportError("transfer closed with bytes remaining", last().url, TransportError::Kind::connection);
  });
  m_transport.then_do("/blobs/sha256:", [&]() -> HttpResponse {
    EXPECT_EQ(find_header(last().headers, "Range"), "bytes=30000-");
    last().on_body_start(206, {});
    last().on_body(content.data() + 30000, content.size() - 30000);
    return HttpResponse{206, {}, ""};
  });
  Registry registry(k_registry, fast_options(3), m_transport);
  Repository repository(registry, "app", {"repository:app:pull"});
  Progress progress(false);
  repository.download_blob(blob, dir(), progress);
  std::ifstream file(dir() / blob.digest.encoded(), std::ios::binary);
  std::stringstream kept;
  kept << file.rdbuf();
  EXPECT_EQ(kept.str(), content);
  EXPECT_TRUE(m_transport.done());
}

TEST_F(RepositoryTransferTest, CorruptDownloadKeepsNothing)
{
  std::string content(5000, 'y');
  oci::Descriptor blob;
  blob.digest = oci::Digest::of(content);
  blob.size = static_cast<std::int64_t>(content.size());
  content[10] = 'z';
  m_transport.then("/v2/", 200);
  m_transport.then_do("/blobs/sha256:", [&]() -> HttpResponse {
    last().on_body_start(200, {});
    last().on_body(content.data(), content.size());
    return HttpResponse{200, {}, ""};
  });
  Registry registry(k_registry, fast_options(3), m_transport);
  Repository repository(registry, "app", {"repository:app:pull"});
  Progress progress(false);
  try {
    repository.download_blob(blob, dir(), progress);
    FAIL() << "no error";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.code(), "DIGEST_INVALID");
    EXPECT_NE(std::string(error.what()).find("does not match its digest"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir())); // neither the blob nor a partial file
}

TEST_F(RepositoryTransferTest, CutChunkUploadResumesFromTheRegistrysRange)
{
  std::int64_t size = k_upload_chunk_size + 10;
  auto file = write("layer", "");
  std::filesystem::resize_file(file, static_cast<std::uintmax_t>(size)); // zeros
  oci::Descriptor blob;
  blob.digest = oci::Digest::of(std::string(static_cast<std::size_t>(size), '\0'));
  blob.size = size;
  std::string end = std::to_string(size - 1);
  m_transport.then("/v2/", 200);
  m_transport.then("/blobs/sha256:", 404);
  m_transport.then("/blobs/uploads/", 202, {{"Location", "/v2/app/blobs/uploads/u1?_state=a"}});
  m_transport.then_connection_failure("/blobs/uploads/u1?_state=a");
  m_transport.then("/blobs/uploads/u1?_state=a", 204,
                   {{"Range", "0-9999"}, {"Location", "/v2/app/blobs/uploads/u1?_state=b"}});
  m_transport.then("/blobs/uploads/u1?_state=b", 202,
                   {{"Range", "0-" + end}, {"Location", "/v2/app/blobs/uploads/u1?_state=c"}});
  m_transport.then("/blobs/uploads/u1?_state=c&digest=", 201, {{"Docker-Content-Digest", blob.digest.str()}});
  Registry registry(k_registry, fast_options(3), m_transport);
  Repository repository(registry, "app", {"repository:app:pull,push"});
  Progress progress(false);
  EXPECT_EQ(repository.upload_blob(blob, file, "", progress), Repository::UploadOutcome::uploaded);
  ASSERT_TRUE(m_transport.done());
  const auto& sent = m_transport.requests();
  EXPECT_EQ(sent[3].method, "PATCH");
  EXPECT_EQ(find_header(sent[3].headers, "Content-Range"), "0-" + std::to_string(k_upload_chunk_size - 1));
  EXPECT_EQ(sent[4].method, "GET"); // where to resume
  EXPECT_EQ(sent[5].method, "PATCH");
  EXPECT_EQ(find_header(sent[5].headers, "Content-Range"), "10000-" + end);
  EXPECT_EQ(sent[5].body_offset, 10000);
  EXPECT_EQ(sent[5].body_length, size - 10000);
  EXPECT_EQ(sent[6].method, "PUT");
  EXPECT_EQ(sent[6].body_length, 0);
}

} // namespace
} // namespace pycontainer::remote
