// pull_to_store against a scripted registry (remote/fake_transport.hpp): an index resolves to the
// platform's manifest, whose config and layers are downloaded into the store and tagged there; the other
// platform's manifest is never fetched, and a second pull downloads no blob the store has.
#include "layout/layout.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "ref/reference.hpp"
#include "remote/fake_transport.hpp"
#include "remote/pull.hpp"
#include "remote/store.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pycontainer::remote {
namespace {

using fake::FakeTransport;

oci::Descriptor describe(const std::string& bytes, std::string media_type)
{
  oci::Descriptor descriptor;
  descriptor.media_type = std::move(media_type);
  descriptor.digest = oci::Digest::of(bytes);
  descriptor.size = static_cast<std::int64_t>(bytes.size());
  return descriptor;
}

class PullTest : public pycontainer::test::TempDirTest {
protected:
  RegistryOptions options() const
  {
    RegistryOptions options;
    options.cache_dir = dir();
    options.username = "user";
    options.password = "pass";
    options.jobs = 1; // the script's order
    options.progress = false;
    options.retry.base_delay = std::chrono::milliseconds(1);
    return options;
  }
  FakeTransport m_transport;
};

TEST_F(PullTest, IndexToPlatformToManifestToBlobs)
{
  std::vector<std::string> layers{"first layer", "second layer"};
  // The layers stand for compressed tars: what their diff_ids are does not matter to a pull.
  std::string config = R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[")" +
                       oci::Digest::of("1").str() + R"(",")" + oci::Digest::of("2").str() + R"("]}})";
  oci::Manifest manifest;
  manifest.config = describe(config, std::string(oci::media_type::k_oci_config));
  for (const auto& layer : layers) {
    manifest.layers.push_back(describe(layer, "application/vnd.oci.image.layer.v1.tar+gzip"));
  }
  auto manifest_bytes = oci::canonical_json(manifest.to_json());
  auto amd64 = describe(manifest_bytes, std::string(oci::media_type::k_oci_manifest));
  amd64.platform = oci::Platform::parse("linux/amd64");
  auto arm64 = describe("another manifest", std::string(oci::media_type::k_oci_manifest));
  arm64.platform = oci::Platform::parse("linux/arm64");
  oci::Index index;
  index.manifests = {arm64, amd64};
  auto index_bytes = oci::canonical_json(index.to_json());
  auto index_digest = oci::Digest::of(index_bytes);
  Headers index_type{{"Content-Type", std::string(oci::media_type::k_oci_index)}};
  Headers manifest_type{{"Content-Type", std::string(oci::media_type::k_oci_manifest)}};

  m_transport.then("https://registry.example/v2/", 200);
  m_transport.then("/v2/app/manifests/1", 200, index_type, index_bytes);
  m_transport.then("/v2/app/manifests/" + amd64.digest.str(), 200, manifest_type, manifest_bytes);
  m_transport.then("/v2/app/blobs/" + manifest.config.digest.str(), 200, {}, config);
  m_transport.then("/v2/app/blobs/" + manifest.layers[0].digest.str(), 200, {}, layers[0]);
  m_transport.then("/v2/app/blobs/" + manifest.layers[1].digest.str(), 200, {}, layers[1]);
  auto reference = ref::Reference::parse("registry.example/app:1");
  auto result = pull_to_store(reference, oci::Platform::parse("linux/amd64"), options(), m_transport);
  ASSERT_TRUE(m_transport.done());

  EXPECT_EQ(result.top_digest, index_digest);
  EXPECT_EQ(result.pinned_name, "registry.example/app@" + index_digest.str());
  EXPECT_EQ(result.manifest.digest, amd64.digest);
  ASSERT_TRUE(result.manifest.platform);
  EXPECT_EQ(result.manifest.platform->str(), "linux/amd64");
  for (const auto& request : m_transport.requests()) {
    EXPECT_EQ(request.method, "GET") << request.url;
    EXPECT_EQ(request.url.find(arm64.digest.str()), std::string::npos) << "the other platform fetched: " << request.url;
  }
  auto store = layout::Layout::open(store_directory(options()));
  EXPECT_EQ(store.read_blob(index_digest), index_bytes);
  EXPECT_EQ(store.read_blob(amd64.digest), manifest_bytes);
  EXPECT_EQ(store.read_blob(manifest.config.digest), config);
  EXPECT_EQ(store.read_blob(manifest.layers[1].digest), layers[1]);
  ASSERT_TRUE(store.find("registry.example/app:1"));
  EXPECT_EQ(store.find("registry.example/app:1")->digest, index_digest);
  ASSERT_TRUE(store.find(result.pinned_name));
  EXPECT_EQ(store.find(result.pinned_name)->digest, index_digest);

  // Again: the manifests are asked for, no blob the store has is downloaded.
  m_transport.then("https://registry.example/v2/", 200);
  m_transport.then("/v2/app/manifests/1", 200, index_type, index_bytes);
  m_transport.then("/v2/app/manifests/" + amd64.digest.str(), 200, manifest_type, manifest_bytes);
  auto again = pull_to_store(reference, oci::Platform::parse("linux/amd64"), options(), m_transport);
  EXPECT_TRUE(m_transport.done());
  EXPECT_EQ(m_transport.requests().size(), 9u);
  EXPECT_EQ(again.manifest.digest, amd64.digest);
}

TEST_F(PullTest, AnIndexWithoutThePlatformNamesThoseItHas)
{
  auto arm64 = describe("a manifest", std::string(oci::media_type::k_oci_manifest));
  arm64.platform = oci::Platform::parse("linux/arm64");
  oci::Index index;
  index.manifests = {arm64};
  m_transport.then("https://registry.example/v2/", 200);
  m_transport.then("/v2/app/manifests/1", 200, {{"Content-Type", std::string(oci::media_type::k_oci_index)}},
                   oci::canonical_json(index.to_json()));
  try {
    pull_to_store(ref::Reference::parse("registry.example/app:1"), oci::Platform::parse("linux/amd64"), options(),
                  m_transport);
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("has no linux/amd64 image (it has: linux/arm64)"), std::string::npos)
      << error.what();
  }
  EXPECT_TRUE(m_transport.done());
}

} // namespace
} // namespace pycontainer::remote
