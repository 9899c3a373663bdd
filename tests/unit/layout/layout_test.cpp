#include "layout/layout.hpp"

#include "oci/media_types.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include "test_support.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace pycontainer::layout {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_empty_index =
  R"({"manifests":[],"mediaType":"application/vnd.oci.image.index.v1+json","schemaVersion":2})";

using test::directory_entries;

ino_t inode_of(const fs::path& path)
{
  struct stat status {};
  EXPECT_EQ(::stat(path.c_str(), &status), 0) << path;
  return status.st_ino;
}

std::string ref_name(const oci::Descriptor& descriptor)
{
  auto found = descriptor.annotations.find(std::string(k_ref_name_annotation));
  return found == descriptor.annotations.end() ? "" : found->second;
}

class LayoutTest : public test::TempDirTest {
protected:
  fs::path root() const { return dir() / "image"; }

  // A manifest blob with `content` (any bytes will do for the index's sake).
  oci::Descriptor manifest_blob(const Layout& layout, std::string_view content) const
  {
    return layout.write_blob(content, std::string(oci::media_type::k_oci_manifest));
  }
};

TEST_F(LayoutTest, OpenOrCreateMakesAnEmptyLayout)
{
  auto layout = Layout::open_or_create(root());
  EXPECT_EQ(layout.root(), root());
  EXPECT_EQ(util::read_file(root() / "oci-layout"), R"({"imageLayoutVersion":"1.0.0"})");
  EXPECT_EQ(util::read_file(root() / "index.json"), k_empty_index);
  EXPECT_TRUE(fs::is_directory(root() / "blobs" / "sha256"));
  EXPECT_TRUE(layout.read_index().manifests.empty());
  EXPECT_NO_THROW(Layout::open(root()));
}

TEST_F(LayoutTest, OpenOrCreateAcceptsAnEmptyDirectory)
{
  fs::create_directories(root());
  Layout::open_or_create(root());
  EXPECT_EQ(directory_entries(root()), (std::vector<std::string>{"blobs", "index.json", "oci-layout"}));
}

TEST_F(LayoutTest, OpenOrCreateKeepsAnExistingLayout)
{
  auto layout = Layout::open_or_create(root());
  layout.set_tag(manifest_blob(layout, "m1"), "1.0", "docker.io/library/app:1.0");
  auto again = Layout::open_or_create(root());
  ASSERT_EQ(again.read_index().manifests.size(), 1U);
  EXPECT_EQ(ref_name(again.read_index().manifests[0]), "1.0");
}

TEST_F(LayoutTest, OpenOrCreateRepairsAMissingIndex)
{
  Layout::open_or_create(root());
  fs::remove(root() / "index.json");
  Layout::open_or_create(root());
  EXPECT_EQ(util::read_file(root() / "index.json"), k_empty_index);
}

TEST_F(LayoutTest, OpenOrCreateRejectsANonEmptyNonLayoutDirectory)
{
  write("image/README", "not a layout");
  try {
    Layout::open_or_create(root());
    FAIL() << "accepted a non-layout directory";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("'" + root().string() + "'"), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("not an OCI image layout"), std::string::npos) << error.message();
  }
  EXPECT_FALSE(fs::exists(root() / "oci-layout"));
}

TEST_F(LayoutTest, OpenRejectsANonLayout)
{
  fs::create_directories(root());
  try {
    Layout::open(root());
    FAIL() << "opened a non-layout";
  } catch (const UsageError& error) {
    EXPECT_EQ(error.message(), "'" + root().string() + "' is not an OCI image layout (no oci-layout file)");
  }
  EXPECT_THROW(Layout::open(dir() / "missing"), UsageError);
}

TEST_F(LayoutTest, OpenRejectsAnUnsupportedVersion)
{
  write("image/oci-layout", R"({"imageLayoutVersion":"2.0.0"})");
  write("image/index.json", k_empty_index);
  try {
    Layout::open(root());
    FAIL() << "opened a version 2 layout";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("\"2.0.0\""), std::string::npos) << error.message();
  }
  write("image/oci-layout", "garbage");
  EXPECT_THROW(Layout::open(root()), UsageError);
}

TEST_F(LayoutTest, OpenRejectsALayoutWithoutIndex)
{
  write("image/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  try {
    Layout::open(root());
    FAIL() << "opened a layout without index.json";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("no index.json"), std::string::npos) << error.message();
  }
}

TEST_F(LayoutTest, WriteBlobIsIdempotent)
{
  auto layout = Layout::open_or_create(root());
  auto first = layout.write_blob("hello", "text/plain");
  EXPECT_EQ(first.digest, oci::Digest::of("hello"));
  EXPECT_EQ(first.size, 5);
  EXPECT_EQ(first.media_type, "text/plain");
  auto path = layout.blob_path(first.digest);
  EXPECT_EQ(path, root() / "blobs" / "sha256" / first.digest.encoded());
  EXPECT_TRUE(layout.has_blob(first.digest));
  auto inode = inode_of(path);

  auto second = layout.write_blob("hello", "text/plain");
  EXPECT_EQ(second.digest, first.digest);
  EXPECT_EQ(inode_of(path), inode) << "an existing blob must be kept as it is";
  EXPECT_EQ(directory_entries(root() / "blobs" / "sha256"), std::vector<std::string>{first.digest.encoded()});
  EXPECT_EQ(layout.read_blob(first.digest), "hello");
}

TEST_F(LayoutTest, BlobWriterStreamingDigestMatchesSha256OfContent)
{
  auto layout = Layout::open_or_create(root());
  std::string content;
  auto writer = layout.begin_blob();
  for (int i = 0; i < 1000; ++i) {
    std::string chunk = "chunk " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 97), 'x') + "\n";
    writer.write(chunk.data(), chunk.size());
    content += chunk;
  }
  auto [digest, size] = writer.commit();
  EXPECT_EQ(digest.str(), "sha256:" + util::sha256_hex(content));
  EXPECT_EQ(size, static_cast<std::int64_t>(content.size()));
  EXPECT_EQ(util::read_file(layout.blob_path(digest)), content);
  EXPECT_EQ(directory_entries(root() / "blobs" / "sha256"), std::vector<std::string>{digest.encoded()});
}

TEST_F(LayoutTest, BlobWriterCommittingAnExistingBlobKeepsItAndDropsTheTemporary)
{
  auto layout = Layout::open_or_create(root());
  auto existing = layout.write_blob("same", "text/plain");
  auto inode = inode_of(layout.blob_path(existing.digest));
  {
    auto writer = layout.begin_blob();
    writer.write("same", 4);
    auto [digest, size] = writer.commit();
    EXPECT_EQ(digest, existing.digest);
    EXPECT_EQ(size, 4);
    EXPECT_EQ(directory_entries(root() / "blobs" / "sha256"), std::vector<std::string>{digest.encoded()});
  }
  EXPECT_EQ(inode_of(layout.blob_path(existing.digest)), inode);
}

// ExistingBlobs::verify: an intact blob keeps its file, since another build may be linking it (link(2)
// from a name being renamed over fails with ENOENT); a damaged one is replaced.
TEST_F(LayoutTest, VerifyingBlobWriterKeepsAnIntactBlobAndReplacesADamagedOne)
{
  Layout::open_or_create(root());
  auto layout = Layout::open(root(), ExistingBlobs::verify);
  auto commit = [&](std::string_view bytes) {
    auto writer = layout.begin_blob();
    writer.write(bytes.data(), bytes.size());
    return writer.commit().first;
  };
  auto digest = commit("same");
  auto blob = layout.blob_path(digest);
  auto inode = inode_of(blob);
  EXPECT_EQ(commit("same"), digest);
  EXPECT_EQ(inode_of(blob), inode) << "an intact blob is kept";
  EXPECT_EQ(directory_entries(root() / "blobs" / "sha256"), std::vector<std::string>{digest.encoded()});

  write("image/blobs/sha256/" + digest.encoded(), "SAME"); // changed in place, as through a hard link
  EXPECT_EQ(commit("same"), digest);
  EXPECT_EQ(util::read_file(blob), "same") << "a damaged blob is replaced";
  EXPECT_EQ(directory_entries(root() / "blobs" / "sha256"), std::vector<std::string>{digest.encoded()});
}

TEST_F(LayoutTest, AbandonedBlobWriterLeavesNoTemporaryFile)
{
  auto layout = Layout::open_or_create(root());
  {
    auto writer = layout.begin_blob();
    writer.write("partial", 7);
    EXPECT_EQ(directory_entries(root() / "blobs" / "sha256").size(), 1U) << "the temporary file exists meanwhile";
  }
  EXPECT_TRUE(directory_entries(root() / "blobs" / "sha256").empty());
  EXPECT_FALSE(layout.has_blob(oci::Digest::of("partial")));
}

TEST_F(LayoutTest, BlobWriterCreatesAMissingBlobsDirectory)
{
  write("image/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  write("image/index.json", k_empty_index);
  auto layout = Layout::open(root());
  auto descriptor = layout.write_blob("x", "text/plain");
  EXPECT_TRUE(layout.has_blob(descriptor.digest));
}

TEST_F(LayoutTest, ReadBlobThrowsForMissingAndOversizedBlobs)
{
  auto layout = Layout::open_or_create(root());
  try {
    layout.read_blob(oci::Digest::of("absent"));
    FAIL() << "read a missing blob";
  } catch (const Error& error) {
    EXPECT_NE(error.message().find(oci::Digest::of("absent").str()), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("missing"), std::string::npos) << error.message();
  }
  auto big = layout.write_blob(std::string(100, 'b'), "text/plain");
  EXPECT_THROW(layout.read_blob(big.digest, 99), Error);
  EXPECT_EQ(layout.read_blob(big.digest, 100).size(), 100U);
}

TEST_F(LayoutTest, SetTagReplacesTheSameTagAndKeepsOthers)
{
  auto layout = Layout::open_or_create(root());
  auto one = manifest_blob(layout, "one");
  auto two = manifest_blob(layout, "two");
  auto three = manifest_blob(layout, "three");
  layout.set_tag(one, "1.0", "docker.io/library/app:1.0");
  layout.set_tag(two, "latest", "docker.io/library/app:latest");
  layout.set_tag(three, "1.0", "docker.io/library/app:1.0");

  auto manifests = layout.read_index().manifests;
  ASSERT_EQ(manifests.size(), 2U);
  EXPECT_EQ(manifests[0].digest, two.digest);
  EXPECT_EQ(ref_name(manifests[0]), "latest");
  EXPECT_EQ(manifests[1].digest, three.digest);
  EXPECT_EQ(ref_name(manifests[1]), "1.0");
  EXPECT_EQ(manifests[1].annotations.at(std::string(k_image_name_annotation)), "docker.io/library/app:1.0");
  EXPECT_EQ(manifests[1].media_type, oci::media_type::k_oci_manifest);
  EXPECT_EQ(manifests[1].size, 5);
  // index.json is canonical JSON, replaced atomically: no temporary files remain.
  EXPECT_EQ(util::read_file(root() / "index.json"), oci::canonical_json(layout.read_index().to_json()));
  EXPECT_EQ(directory_entries(root()), (std::vector<std::string>{"blobs", "index.json", "oci-layout"}));
}

TEST_F(LayoutTest, ConcurrentSetTagsLoseNoTag)
{
  // Builds into one layout at once each read, change and rewrite index.json: none may drop another's tag.
  constexpr int k_writers = 8;
  constexpr int k_tags_each = 25;
  auto layout = Layout::open_or_create(root());
  auto manifest = manifest_blob(layout, "m");
  std::vector<std::thread> writers;
  for (int writer = 0; writer < k_writers; ++writer) {
    writers.emplace_back([&, writer] {
      auto own = Layout::open(root());
      for (int tag = 0; tag < k_tags_each; ++tag) {
        auto name = std::to_string(writer) + "." + std::to_string(tag);
        own.set_tag(manifest, name, "docker.io/library/app:" + name);
      }
    });
  }
  for (auto& writer : writers) {
    writer.join();
  }
  EXPECT_EQ(layout.read_index().manifests.size(), static_cast<std::size_t>(k_writers * k_tags_each));
  EXPECT_EQ(directory_entries(root()), (std::vector<std::string>{"blobs", "index.json", "oci-layout"}));
}

TEST_F(LayoutTest, SetTagReplacesTheSameImageName)
{
  auto layout = Layout::open_or_create(root());
  layout.set_tag(manifest_blob(layout, "one"), "old-tag", "ghcr.io/o/app:1.0");
  auto two = manifest_blob(layout, "two");
  layout.set_tag(two, "1.0", "ghcr.io/o/app:1.0");
  auto manifests = layout.read_index().manifests;
  ASSERT_EQ(manifests.size(), 1U);
  EXPECT_EQ(manifests[0].digest, two.digest);
}

TEST_F(LayoutTest, SetTagKeepsForeignEntriesWithoutAnnotations)
{
  auto layout = Layout::open_or_create(root());
  auto foreign = manifest_blob(layout, "foreign");
  oci::Index index;
  index.manifests.push_back(foreign);
  util::write_file_atomic(root() / "index.json", oci::canonical_json(index.to_json()));
  layout.set_tag(manifest_blob(layout, "ours"), "1.0", "docker.io/library/app:1.0");
  EXPECT_EQ(layout.read_index().manifests.size(), 2U);
}

TEST_F(LayoutTest, SetTagRefusesAManifestThatIsNotInTheLayout)
{
  auto layout = Layout::open_or_create(root());
  oci::Descriptor absent;
  absent.media_type = oci::media_type::k_oci_manifest;
  absent.digest = oci::Digest::of("absent");
  EXPECT_THROW(layout.set_tag(absent, "1.0", "docker.io/library/app:1.0"), Error);
  EXPECT_TRUE(layout.read_index().manifests.empty());
}

TEST_F(LayoutTest, FindByTagByFullNameAndEmpty)
{
  auto layout = Layout::open_or_create(root());
  EXPECT_FALSE(layout.find("").has_value()) << "no image at all";
  auto one = manifest_blob(layout, "one");
  layout.set_tag(one, "1.0", "docker.io/library/app:1.0");
  EXPECT_EQ(layout.find("")->digest, one.digest) << "the only image";
  auto two = manifest_blob(layout, "two");
  layout.set_tag(two, "latest", "ghcr.io/o/app:latest");

  EXPECT_FALSE(layout.find("").has_value()) << "two images: ambiguous";
  EXPECT_EQ(layout.find("1.0")->digest, one.digest);
  EXPECT_EQ(layout.find("latest")->digest, two.digest);
  EXPECT_EQ(layout.find("docker.io/library/app:1.0")->digest, one.digest);
  EXPECT_EQ(layout.find("ghcr.io/o/app:latest")->digest, two.digest);
  EXPECT_EQ(layout.find("app:1.0")->digest, one.digest) << "a reference is compared normalised";
  EXPECT_FALSE(layout.find("2.0").has_value());
  EXPECT_FALSE(layout.find("ghcr.io/o/app:1.0").has_value());
}

TEST_F(LayoutTest, LinkOrCopyBlobLinksOnOneFilesystem)
{
  auto layout = Layout::open_or_create(root());
  auto source = write("download/blob", "layer bytes");
  auto digest = oci::Digest::of("layer bytes");
  layout.link_or_copy_blob(source, digest);
  EXPECT_TRUE(layout.has_blob(digest));
  EXPECT_EQ(util::read_file(layout.blob_path(digest)), "layer bytes");
  EXPECT_EQ(inode_of(layout.blob_path(digest)), inode_of(source)) << "a hard link, not a copy";
  EXPECT_EQ(directory_entries(root() / "blobs" / "sha256"), std::vector<std::string>{digest.encoded()});

  // Again: the blob is there already; nothing changes, nothing is left behind.
  layout.link_or_copy_blob(source, digest);
  EXPECT_EQ(directory_entries(root() / "blobs" / "sha256"), std::vector<std::string>{digest.encoded()});
}

// A base layout whose blobs are symlinks (Bazel's sandbox links every input): the blob is the file the
// link points to, never a copy of the link, which would dangle once the sandbox is gone.
TEST_F(LayoutTest, LinkOrCopyBlobFollowsASymlinkedSource)
{
  auto layout = Layout::open_or_create(root());
  auto real = write("download/blob", "layer bytes");
  auto source = dir() / "sandbox-link";
  fs::create_symlink(real, source);
  auto digest = oci::Digest::of("layer bytes");
  layout.link_or_copy_blob(source, digest);
  EXPECT_FALSE(fs::is_symlink(layout.blob_path(digest))) << "the blob is a link to the link";
  EXPECT_EQ(inode_of(layout.blob_path(digest)), inode_of(real)) << "a hard link to the file linked to";
  EXPECT_EQ(util::read_file(layout.blob_path(digest)), "layer bytes");
}

TEST_F(LayoutTest, LinkOrCopyBlobCopiesAcrossFilesystems)
{
  std::string pattern = "/dev/shm/pycontainer-test-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    GTEST_SKIP() << "needs a writable /dev/shm";
  }
  ::close(fd);
  fs::path source = pattern;
  util::write_file_atomic(source, "shm bytes");
  struct stat source_status {}, dir_status {};
  ::stat(source.c_str(), &source_status);
  ::stat(dir().c_str(), &dir_status);
  if (source_status.st_dev == dir_status.st_dev) {
    fs::remove(source);
    GTEST_SKIP() << "needs /dev/shm on another filesystem than the temporary directory";
  }
  auto layout = Layout::open_or_create(root());
  auto digest = oci::Digest::of("shm bytes");
  layout.link_or_copy_blob(source, digest);
  EXPECT_EQ(util::read_file(layout.blob_path(digest)), "shm bytes");
  EXPECT_EQ(directory_entries(root() / "blobs" / "sha256"), std::vector<std::string>{digest.encoded()});
  fs::remove(source);
}

TEST_F(LayoutTest, LinkOrCopyBlobNamesAMissingSource)
{
  auto layout = Layout::open_or_create(root());
  try {
    layout.link_or_copy_blob(dir() / "absent", oci::Digest::of("x"));
    FAIL() << "linked a missing file";
  } catch (const IoError& error) {
    EXPECT_NE(error.message().find((dir() / "absent").string()), std::string::npos) << error.message();
  }
  EXPECT_TRUE(directory_entries(root() / "blobs" / "sha256").empty());
}

} // namespace
} // namespace pycontainer::layout
