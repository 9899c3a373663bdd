// Unit tests of PackageIndex against a scripted fake transport (no network): JSON asked for first and
// HTML understood, indexes merged in order (a 404 adds nothing), find-links directories; downloads
// verified while they stream and cached by hash (a cached file makes no request), a tampered file
// refused with nothing kept, unhashed files refused unless allowed; credentials from the index URL
// and from netrc (its default only after a 401), never in messages; find-links pages and file:// URLs.
#include "remote/fake_transport.hpp"
#include "remote/package_index.hpp"
#include "remote/registry_error.hpp"
#include "test_support.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"
#include "util/string.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace pycontainer::remote {
namespace {

using fake::FakeTransport;

constexpr const char* k_wheel = "PK\x03\x04 not really a wheel";
constexpr const char* k_html = "text/html; charset=utf-8";
constexpr const char* k_json = "application/vnd.pypi.simple.v1+json";

class PackageIndexTest : public test::TempDirTest {
protected:
  PackageIndex make(PackageIndexOptions options)
  {
    if (!options.netrc) {
      options.netrc = dir() / "no-netrc";
    }
    RegistryOptions http;
    http.retry.retries = 2;
    http.retry.base_delay = std::chrono::milliseconds(1);
    http.retry.max_delay = std::chrono::milliseconds(2);
    return PackageIndex(std::move(options), http, dir() / "cache", m_transport);
  }
  PackageIndexOptions index(std::string url)
  {
    PackageIndexOptions options;
    options.index_urls = {std::move(url)};
    return options;
  }
  static IndexFile wheel_file(std::string url)
  {
    return IndexFile{"demo-1.0-py3-none-any.whl", std::move(url), {"sha256:" + util::sha256_hex(k_wheel)}, false, ""};
  }
  std::size_t files_under(const std::filesystem::path& path) const
  {
    std::size_t count = 0;
    if (std::filesystem::exists(path)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
        count += entry.is_regular_file() ? 1 : 0;
      }
    }
    return count;
  }
  std::string authorization(std::size_t request) const
  {
    return find_header(m_transport.requests().at(request).headers, "Authorization").value_or("");
  }

  FakeTransport m_transport;
};

TEST_F(PackageIndexTest, ListsJsonAndHtmlIndexesInOrderSkippingA404)
{
  m_transport.then("https://a.example/simple/zope-interface/", 404);
  m_transport.then("https://b.example/simple/zope-interface/", 200, {{"Content-Type", k_json}},
                   R"({"files": [{"filename": "zope.interface-6.0.tar.gz", "url": "zope.interface-6.0.tar.gz",
                       "hashes": {"sha256": "aa"}}]})");
  m_transport.then("https://c.example/simple/zope-interface/", 200, {{"Content-Type", k_html}},
                   R"(<a href="zope.interface-5.0.tar.gz#sha256=bb">zope.interface-5.0.tar.gz</a>)");
  PackageIndexOptions options;
  options.index_urls = {"https://a.example/simple", "https://b.example/simple/", "https://c.example/simple/"};
  auto files = make(options).project_files("Zope.Interface");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].url, "https://b.example/simple/zope-interface/zope.interface-6.0.tar.gz");
  EXPECT_EQ(files[0].hashes, std::vector<std::string>{"sha256:aa"});
  EXPECT_EQ(files[1].url, "https://c.example/simple/zope-interface/zope.interface-5.0.tar.gz");
  auto accept = find_header(m_transport.requests()[0].headers, "Accept").value_or("");
  EXPECT_TRUE(accept.starts_with("application/vnd.pypi.simple.v1+json")) << accept;
  EXPECT_NE(accept.find("text/html"), std::string::npos) << accept;
}

TEST_F(PackageIndexTest, LinksOfARedirectedPageAreRelativeToWhereItWasFound)
{
  m_transport.then("https://a.example/simple/demo/", 301, {{"Location", "https://mirror.example/pypi/demo/"}});
  m_transport.then("https://mirror.example/pypi/demo/", 200, {{"Content-Type", k_html}},
                   R"(<a href="demo-1.0-py3-none-any.whl">demo</a>)");
  auto files = make(index("https://a.example/simple/")).project_files("demo");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].url, "https://mirror.example/pypi/demo/demo-1.0-py3-none-any.whl");
}

TEST_F(PackageIndexTest, FindLinksDirectoriesAndNoIndex)
{
  write("links/demo-1.0-py3-none-any.whl", k_wheel);
  write("links/demo-0.9.tar.gz", "sdist");
  write("links/demonstration-1.0-py3-none-any.whl", "other project");
  write("links/other-1.0-py3-none-any.whl", "other");
  PackageIndexOptions options;
  options.no_index = true;
  options.find_links = {dir() / "links"};
  auto files = make(options).project_files("Demo");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].filename, "demo-0.9.tar.gz");
  EXPECT_EQ(files[1].url, (dir() / "links/demo-1.0-py3-none-any.whl").string());
  EXPECT_TRUE(m_transport.requests().empty());
  options.find_links = {dir() / "missing"};
  EXPECT_THROW(make(options).project_files("demo"), UsageError);
}

TEST_F(PackageIndexTest, FindLinksPagesAndFileUrlsKeepTheProjectsFiles)
{
  write("links/demo-1.0-py3-none-any.whl", k_wheel);
  m_transport.then("https://links.example/wheels/", 200, {{"Content-Type", k_html}},
                   R"(<a href="demo-2.0-py3-none-any.whl#sha256=cc">demo</a><a href="other-1.0.tar.gz">o</a>)");
  PackageIndexOptions options;
  options.no_index = true;
  options.find_links = {"https://links.example/wheels/", "file://" + (dir() / "links").string()};
  auto files = make(options).project_files("demo");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].url, "https://links.example/wheels/demo-2.0-py3-none-any.whl");
  EXPECT_EQ(files[0].hashes, std::vector<std::string>{"sha256:cc"});
  EXPECT_EQ(files[1].url, (dir() / "links/demo-1.0-py3-none-any.whl").string());
}

TEST_F(PackageIndexTest, FetchVerifiesCachesAndThenMakesNoRequest)
{
  m_transport.then("https://files.example/demo-1.0-py3-none-any.whl", 200, {}, k_wheel);
  auto package_index = make(index("https://a.example/simple/"));
  auto file = wheel_file("https://files.example/demo-1.0-py3-none-any.whl");
  EXPECT_FALSE(package_index.cached(file));
  auto fetched = package_index.fetch(file);
  auto path = fetched.path;
  EXPECT_EQ(path, dir() / "cache/downloads/sha256" / util::sha256_hex(k_wheel) / "demo-1.0-py3-none-any.whl");
  EXPECT_EQ(fetched.sha256, util::sha256_hex(k_wheel));
  EXPECT_EQ(util::read_file(path), k_wheel);
  EXPECT_EQ(package_index.cached(file), path);
  // No step is scripted: any request would fail the test.
  auto cached = make(index("https://a.example/simple/")).fetch(file);
  EXPECT_EQ(cached.path, path);
  EXPECT_EQ(cached.sha256, util::sha256_hex(k_wheel));
  EXPECT_EQ(m_transport.requests().size(), 1u);
  EXPECT_EQ(files_under(dir() / "cache/downloads/partial"), 0u);
}

TEST_F(PackageIndexTest, ARetriedDownloadStartsAgain)
{
  m_transport.then_do("demo-1.0", [] {
    throw TransportError("connection reset by fake", "x", TransportError::Kind::connection);
    return HttpResponse{};
  });
  m_transport.then("demo-1.0", 503);
  m_transport.then("demo-1.0", 200, {}, k_wheel);
  auto path = make(index("https://a.example/simple/")).fetch(wheel_file("https://files.example/demo-1.0-py3-none-any.whl")).path;
  EXPECT_EQ(util::read_file(path), k_wheel);
}

TEST_F(PackageIndexTest, ATamperedFileIsRefusedAndNothingKept)
{
  m_transport.then("demo-1.0", 200, {}, "tampered");
  auto file = wheel_file("https://files.example/demo-1.0-py3-none-any.whl");
  try {
    make(index("https://a.example/simple/")).fetch(file);
    FAIL();
  } catch (const RegistryError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("demo-1.0-py3-none-any.whl from https://files.example/demo-1.0-py3-none-any.whl: hash "
                           "mismatch: expected " + file.hashes[0] + ", got sha256:" + util::sha256_hex("tampered") +
                           " (8 bytes); nothing kept"),
              std::string::npos)
      << message;
  }
  EXPECT_EQ(files_under(dir() / "cache/downloads"), 0u);
}

TEST_F(PackageIndexTest, AFileWithoutSha256IsRefusedUnlessAllowed)
{
  auto file = wheel_file("https://files.example/demo-1.0-py3-none-any.whl");
  file.hashes = {"md5:00"};
  try {
    make(index("https://a.example/simple/")).fetch(file);
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("no sha256 hash is known for it, and a download nobody can check is not "
                                             "reproducible"),
              std::string::npos)
      << error.what();
  }
  m_transport.then("demo-1.0", 200, {}, k_wheel);
  auto path = make(index("https://a.example/simple/")).fetch(file, Unhashed::allow).path;
  EXPECT_EQ(path, dir() / "cache/downloads/sha256" / util::sha256_hex(k_wheel) / "demo-1.0-py3-none-any.whl");
  file.hashes = {"sha256:" + std::string(61, '.') + "/.."};
  EXPECT_THROW(make(index("https://a.example/simple/")).fetch(file), UsageError); // not hex: no sha256
  file.filename = "../escape.whl";
  file.hashes = {"sha256:" + util::sha256_hex(k_wheel)};
  EXPECT_THROW(make(index("https://a.example/simple/")).fetch(file), UsageError);
}

TEST_F(PackageIndexTest, LocalPathsAndFileUrls)
{
  auto local = write("links/demo-1.0-py3-none-any.whl", k_wheel);
  auto package_index = make(index("https://a.example/simple/"));
  EXPECT_EQ(util::read_file(package_index.fetch(wheel_file(local.string())).path), k_wheel);
  std::filesystem::remove_all(dir() / "cache");
  EXPECT_EQ(util::read_file(package_index.fetch(wheel_file("file://" + local.string())).path), k_wheel);
  EXPECT_TRUE(m_transport.requests().empty());
}

TEST_F(PackageIndexTest, CredentialsOfTheIndexUrlGoToItsHostOnlyAndAreNeverShown)
{
  m_transport.then("https://index.example/simple/demo/", 200, {{"Content-Type", k_html}},
                   R"(<a href="/files/demo-1.0-py3-none-any.whl">d</a>)");
  m_transport.then("https://index.example/files/demo-1.0-py3-none-any.whl", 403);
  m_transport.then("https://other.example/demo-1.0-py3-none-any.whl", 200, {}, k_wheel);
  auto package_index = make(index("https://alice:s%40cret@index.example/simple/"));
  auto files = package_index.project_files("demo");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].url, "https://index.example/files/demo-1.0-py3-none-any.whl");
  EXPECT_EQ(authorization(0), "Basic " + util::base64_encode("alice:s@cret"));
  files[0].hashes = {"sha256:" + util::sha256_hex(k_wheel)};
  try {
    package_index.fetch(files[0]);
    FAIL();
  } catch (const RegistryError& error) {
    EXPECT_EQ(authorization(1), "Basic " + util::base64_encode("alice:s@cret"));
    std::string message = error.what();
    EXPECT_NE(message.find("HTTP 403 (sent the login \"alice\" from the index URL)"), std::string::npos) << message;
    EXPECT_EQ(message.find("cret"), std::string::npos) << message;
  }
  package_index.fetch(wheel_file("https://other.example/demo-1.0-py3-none-any.whl"));
  EXPECT_EQ(authorization(2), "");
}

TEST_F(PackageIndexTest, NetrcMachineAtOnceAndItsDefaultOnlyAfterA401)
{
  auto netrc = write("netrc", "machine index.example login bob password pw1\ndefault login anon password pw2\n");
  m_transport.then("https://index.example:8443/simple/demo/", 200, {{"Content-Type", k_html}}, "");
  m_transport.then("https://files.example/demo", 401);
  m_transport.then("https://files.example/demo", 200, {}, k_wheel);
  PackageIndexOptions options = index("https://index.example:8443/simple/");
  options.netrc = netrc;
  auto package_index = make(options);
  EXPECT_TRUE(package_index.project_files("demo").empty());
  EXPECT_EQ(authorization(0), "Basic " + util::base64_encode("bob:pw1"));
  package_index.fetch(wheel_file("https://files.example/demo-1.0-py3-none-any.whl"));
  EXPECT_EQ(authorization(1), "");
  EXPECT_EQ(authorization(2), "Basic " + util::base64_encode("anon:pw2"));
}

TEST_F(PackageIndexTest, AnUnauthorizedIndexSaysWhereCredentialsGo)
{
  m_transport.then("https://index.example/simple/demo/", 401);
  try {
    make(index("https://index.example/simple/")).project_files("demo");
    FAIL();
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.status(), 401);
    EXPECT_NE(std::string(error.what()).find("cannot list demo at https://index.example/simple/demo/: HTTP 401 (no "
                                             "credentials for index.example: add \"machine index.example login USER "
                                             "password SECRET\" to "),
              std::string::npos)
      << error.what();
  }
}

} // namespace
} // namespace pycontainer::remote
