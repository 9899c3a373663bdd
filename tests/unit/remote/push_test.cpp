// push_image against a scripted registry (remote/fake_transport.hpp): blobs the registry has are not
// uploaded, a temporary error is retried, a blob of the base's repository is mounted, a Bearer challenge
// is answered with a token of the push scope, and a layout file that is not its blob is refused once,
// naming the blob, its content's digest and the fix, with no manifest pushed. An index goes with every
// platform's manifest by digest before it (a blob the images share uploaded once), under every tag; a
// registry refusing an index says how to push anyway; --platform pushes one image of it.
#include "layout/layout.hpp"
#include "layout/two_platform_image.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "remote/fake_transport.hpp"
#include "remote/push.hpp"
#include "remote/registry_error.hpp"
#include "test_support.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace pycontainer::remote {
namespace {

using fake::FakeTransport;

class PushTest : public pycontainer::test::TempDirTest {
protected:
  void SetUp() override
  {
    TempDirTest::SetUp();
    auto layout = layout::Layout::open_or_create(dir() / "layout");
    oci::Manifest manifest;
    manifest.config = layout.write_blob(R"({"architecture":"amd64","os":"linux"})", std::string(oci::media_type::k_oci_config));
    m_layer = layout.write_blob(std::string(5000, 'l'), "application/vnd.oci.image.layer.v1.tar+gzip");
    manifest.layers = {m_layer};
    m_config = manifest.config;
    m_image = manifest;
    m_manifest_bytes = oci::canonical_json(manifest.to_json());
    m_manifest = layout.write_blob(m_manifest_bytes, std::string(oci::media_type::k_oci_manifest));
    layout.set_tag(m_manifest, "1", "registry.example/app:1");
  }

  // The image again, its manifest naming `base` as its base image.
  void name_base(const std::string& base)
  {
    auto layout = layout::Layout::open(dir() / "layout");
    m_image.annotations["org.opencontainers.image.base.name"] = base;
    m_manifest_bytes = oci::canonical_json(m_image.to_json());
    m_manifest = layout.write_blob(m_manifest_bytes, std::string(oci::media_type::k_oci_manifest));
    layout.set_tag(m_manifest, "1", "registry.example/app:1");
  }

  RegistryOptions options() const
  {
    RegistryOptions options;
    options.username = "user";
    options.password = "pass";
    options.jobs = 1; // the script's order: the config, then the layer
    options.progress = false;
    options.retry.base_delay = std::chrono::milliseconds(1);
    options.retry.max_delay = std::chrono::milliseconds(2);
    return options;
  }

  std::vector<PushResult> push()
  {
    return push_image(layout::Layout::open(dir() / "layout"), "1", {"registry.example/app:1"}, options(), std::nullopt, m_transport);
  }

  Headers digest_header(const oci::Descriptor& descriptor) const
  {
    return {{"Docker-Content-Digest", descriptor.digest.str()}};
  }

  FakeTransport m_transport;
  oci::Descriptor m_config, m_layer, m_manifest;
  oci::Manifest m_image;
  std::string m_manifest_bytes;
};

TEST_F(PushTest, SkipsWhatTheRegistryHasAndRetriesATemporaryError)
{
  m_transport.then("https://registry.example/v2/", 200);
  m_transport.then("/v2/app/blobs/" + m_config.digest.str(), 200);
  m_transport.then("/v2/app/blobs/" + m_layer.digest.str(), 404);
  m_transport.then("/v2/app/blobs/uploads/", 503);
  m_transport.then("/v2/app/blobs/uploads/", 202, {{"Location", "/v2/app/blobs/uploads/u1?_state=a"}});
  m_transport.then("/v2/app/blobs/uploads/u1?_state=a&digest=" + m_layer.digest.algorithm() + "%3A" +
                     m_layer.digest.encoded(),
                   201, digest_header(m_layer));
  m_transport.then("/v2/app/manifests/1", 201, digest_header(m_manifest));
  auto results = push();
  ASSERT_TRUE(m_transport.done());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].reference, "registry.example/app:1");
  EXPECT_EQ(results[0].digest, m_manifest.digest);
  EXPECT_EQ(results[0].existed, 1u);
  EXPECT_EQ(results[0].uploaded, 1u);
  EXPECT_EQ(results[0].mounted, 0u);
  const auto& sent = m_transport.requests();
  EXPECT_EQ(sent[1].method, "HEAD");
  EXPECT_EQ(sent[2].method, "HEAD");
  EXPECT_EQ(sent[3].method, "POST");
  EXPECT_EQ(sent[4].method, "POST");
  EXPECT_EQ(sent[5].method, "PUT"); // one monolithic PUT: the layer is small
  EXPECT_EQ(sent[5].body_file, layout::Layout::open(dir() / "layout").blob_path(m_layer.digest));
  EXPECT_EQ(sent[5].body_offset, 0);
  EXPECT_EQ(sent[5].body_length, m_layer.size);
  EXPECT_EQ(sent[6].method, "PUT");
  EXPECT_EQ(sent[6].body, m_manifest_bytes);
  EXPECT_EQ(find_header(sent[6].headers, "Content-Type"), std::string(oci::media_type::k_oci_manifest));
}

TEST_F(PushTest, MountsFromTheBaseImagesRepository)
{
  name_base("registry.example/base:3.11");
  m_transport.then("https://registry.example/v2/", 200);
  m_transport.then("/v2/app/blobs/" + m_config.digest.str(), 404);
  m_transport.then("/v2/app/blobs/uploads/?mount=sha256%3A" + m_config.digest.encoded() + "&from=base", 201);
  m_transport.then("/v2/app/blobs/" + m_layer.digest.str(), 404);
  m_transport.then("/v2/app/blobs/uploads/?mount=sha256%3A" + m_layer.digest.encoded() + "&from=base", 201);
  m_transport.then("/v2/app/manifests/1", 201, digest_header(m_manifest));
  auto results = push();
  ASSERT_TRUE(m_transport.done());
  EXPECT_EQ(results[0].mounted, 2u);
  EXPECT_EQ(results[0].uploaded, 0u);
  EXPECT_EQ(results[0].digest, m_manifest.digest);
}

TEST_F(PushTest, AnswersABearerChallengeWithAPushToken)
{
  m_transport.then("https://registry.example/v2/", 401,
                   {{"Www-Authenticate", R"(Bearer realm="https://auth.example/token",service="registry.example")"}});
  m_transport.then("https://auth.example/token?service=registry.example&scope=repository%3Aapp%3Apull%2Cpush", 200,
                   {}, R"({"token":"push-token"})");
  m_transport.then("/v2/app/blobs/" + m_config.digest.str(), 200);
  m_transport.then("/v2/app/blobs/" + m_layer.digest.str(), 200);
  m_transport.then("/v2/app/manifests/1", 201, digest_header(m_manifest));
  auto results = push();
  ASSERT_TRUE(m_transport.done());
  EXPECT_EQ(results[0].existed, 2u);
  const auto& sent = m_transport.requests();
  EXPECT_EQ(find_header(sent[1].headers, "Authorization"), "Basic dXNlcjpwYXNz"); // user:pass, to the realm
  for (std::size_t i = 2; i < sent.size(); ++i) {
    EXPECT_EQ(find_header(sent[i].headers, "Authorization"), "Bearer push-token") << sent[i].url;
  }
}

TEST_F(PushTest, ADamagedBlobIsRefusedOnceNamingTheFix)
{
  auto file = layout::Layout::open(dir() / "layout").blob_path(m_layer.digest);
  std::string damaged(5000, 'l');
  damaged[100] = 'X';
  std::filesystem::remove(file); // a fresh file: the layout's may be shared by hard links
  std::ofstream(file, std::ios::binary) << damaged;
  m_transport.then("https://registry.example/v2/", 200);
  m_transport.then("/v2/app/blobs/" + m_config.digest.str(), 200);
  m_transport.then("/v2/app/blobs/" + m_layer.digest.str(), 404);
  m_transport.then("/v2/app/blobs/uploads/", 202, {{"Location", "/v2/app/blobs/uploads/u1"}});
  m_transport.then("/v2/app/blobs/uploads/u1?digest=", 400, {},
                   R"({"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"}]})");
  try {
    push();
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_EQ(std::string(error.what()), "pushing to registry.example/app: blob " + m_layer.digest.str() + " (" +
                                           file.string() + ") does not match its digest: the content is " +
                                           oci::Digest::of(damaged).str() +
                                           ": the layout is damaged: run pycontainer verify");
  }
  EXPECT_TRUE(m_transport.done()); // no second upload, no manifest
  EXPECT_EQ(m_transport.requests().size(), 5u);
}

class PushIndexTest : public PushTest {
protected:
  void SetUp() override
  {
    PushTest::SetUp();
    m_index = test::write_two_platform_image(layout::Layout::open(dir() / "layout"), dir() / "sources");
  }

  std::vector<PushResult> push_index(const std::vector<std::string>& destinations,
                                     const std::optional<oci::Platform>& platform = std::nullopt)
  {
    return push_image(layout::Layout::open(dir() / "layout"), "1", destinations, options(), platform, m_transport);
  }

  // Both images' blobs are there but the arm64 image's own layer, which is uploaded.
  void expect_blobs()
  {
    m_transport.then("https://registry.example/v2/", 200);
    for (const auto* blob : {&m_index.configs[0], &m_index.own_layers[0], &m_index.shared_layer, &m_index.configs[1]}) {
      m_transport.then("/v2/app/blobs/" + blob->digest.str(), 200);
    }
    const auto& arm_layer = m_index.own_layers[1];
    m_transport.then("/v2/app/blobs/" + arm_layer.digest.str(), 404);
    m_transport.then("/v2/app/blobs/uploads/", 202, {{"Location", "/v2/app/blobs/uploads/u1"}});
    m_transport.then("/v2/app/blobs/uploads/u1?digest=", 201, digest_header(arm_layer));
  }

  test::TwoPlatformImage m_index;
};

TEST_F(PushIndexTest, EveryPlatformsManifestByDigestThenTheIndexUnderEveryTag)
{
  expect_blobs();
  for (const auto& manifest : m_index.manifests) {
    m_transport.then("/v2/app/manifests/" + manifest.digest.str(), 201, digest_header(manifest));
  }
  m_transport.then("/v2/app/manifests/1", 201, digest_header(m_index.index));
  m_transport.then("/v2/app/manifests/latest", 201, digest_header(m_index.index));
  auto results = push_index({"registry.example/app:1", "registry.example/app:latest"});
  ASSERT_TRUE(m_transport.done());
  ASSERT_EQ(results.size(), 2u);
  for (const auto& result : results) {
    EXPECT_EQ(result.digest, m_index.index.digest);
    EXPECT_EQ(result.existed, 4u); // two configs, amd64's layer and the shared one, each asked about once
    EXPECT_EQ(result.uploaded, 1u);
  }
  EXPECT_EQ(results[1].reference, "registry.example/app:latest");
  const auto& sent = m_transport.requests();
  ASSERT_EQ(sent.size(), 12u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(sent[8 + i].method, "PUT");
    EXPECT_EQ(sent[8 + i].body, m_index.manifest_bytes[i]);
    EXPECT_EQ(find_header(sent[8 + i].headers, "Content-Type"), std::string(oci::media_type::k_oci_manifest));
  }
  for (std::size_t i = 10; i < 12; ++i) {
    EXPECT_EQ(sent[i].body, m_index.index_bytes);
    EXPECT_EQ(find_header(sent[i].headers, "Content-Type"), std::string(oci::media_type::k_oci_index));
  }
}

TEST_F(PushIndexTest, ARegistryRefusingAnIndexSaysHowToPushAnyway)
{
  expect_blobs();
  for (const auto& manifest : m_index.manifests) {
    m_transport.then("/v2/app/manifests/" + manifest.digest.str(), 201, digest_header(manifest));
  }
  m_transport.then("/v2/app/manifests/1", 400, {},
                   R"({"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid"}]})");
  try {
    push_index({"registry.example/app:1"});
    FAIL() << "no error";
  } catch (const RegistryError& error) {
    EXPECT_EQ(error.status(), 400);
    EXPECT_EQ(error.code(), "MANIFEST_INVALID");
    EXPECT_FALSE(error.temporary());
    std::string message = error.what();
    for (const auto* part : {"cannot push manifest registry.example/app:1", "MANIFEST_INVALID",
                             "registry.example/app does not accept an image index",
                             "application/vnd.oci.image.index.v1+json", "push one platform's image with --platform"}) {
      EXPECT_NE(message.find(part), std::string::npos) << part << " not in: " << message;
    }
  }
  EXPECT_TRUE(m_transport.done());
}

TEST_F(PushIndexTest, APlatformPushesThatImageAlone)
{
  m_transport.then("https://registry.example/v2/", 200);
  for (const auto* blob : {&m_index.configs[1], &m_index.own_layers[1], &m_index.shared_layer}) {
    m_transport.then("/v2/app/blobs/" + blob->digest.str(), 200);
  }
  m_transport.then("/v2/app/manifests/1", 201, digest_header(m_index.manifests[1]));
  auto results = push_index({"registry.example/app:1"}, oci::Platform::parse("linux/arm64"));
  ASSERT_TRUE(m_transport.done());
  EXPECT_EQ(results[0].digest, m_index.manifests[1].digest);
  EXPECT_EQ(m_transport.requests().back().body, m_index.manifest_bytes[1]);
  EXPECT_THROW(push_index({"registry.example/app:1"}, oci::Platform::parse("linux/s390x")), UsageError);
}

} // namespace
} // namespace pycontainer::remote
