#include "cache/layer_cache.hpp"

#include "cache/layer_key.hpp"
#include "layout/file_chunks.hpp"
#include "layout/layout.hpp"
#include "test_support.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

namespace pycontainer::cache {
namespace {

namespace fs = std::filesystem;

struct stat stat_of(const fs::path& path)
{
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info;
}

class LayerCacheTest : public test::TempDirTest {
protected:
  void SetUp() override
  {
    TempDirTest::SetUp();
    m_options.fixed_mtime = 315532800;
    m_options.threads = 1;
  }

  // Settings without the racy window: the files of a test are seconds old at most.
  CacheSettings settings(std::uint64_t max_size = k_default_max_size) const
  {
    CacheSettings result;
    result.directory = dir() / "cache";
    result.max_size = max_size;
    result.racy_window = std::chrono::nanoseconds(0);
    return result;
  }

  // The entries of dir()/<project>, as the context collector lists them.
  std::vector<layer::Entry> entries_of(const std::string& project) const
  {
    std::vector<layer::Entry> entries;
    auto root = dir() / project;
    for (const auto& item : fs::recursive_directory_iterator(root)) {
      layer::Entry entry;
      entry.path = "app/" + item.path().lexically_relative(root).generic_string();
      entry.source = item.path().string();
      entry.type = item.is_directory() ? layer::EntryType::directory : layer::EntryType::regular;
      layer::set_status(entry, stat_of(item.path()));
      entries.push_back(entry);
    }
    return entries;
  }

  // A file of `size` random (incompressible) bytes, so that blob sizes are known in advance.
  void write_random(const std::string& relative, std::size_t size, unsigned seed) const
  {
    std::mt19937 generator(seed);
    std::string bytes(size, '\0');
    for (auto& byte : bytes) {
      byte = static_cast<char>(generator());
    }
    write(relative, bytes);
  }

  layout::Layout layout(const std::string& name) const { return layout::Layout::open_or_create(dir() / name); }

  fs::path cached_blob(const layer::Result& result) const
  {
    return dir() / "cache" / "layers" / "blobs" / "sha256" / result.descriptor.digest.encoded();
  }

  std::size_t entry_files() const
  {
    std::size_t count = 0;
    for (const auto& item : fs::directory_iterator(dir() / "cache" / "layers")) {
      auto name = item.path().filename().string();
      count += name.ends_with(".json") && name != "index.json";
    }
    return count;
  }

  layer::Options m_options;
};

TEST_F(LayerCacheTest, HitReadsNoFileAndGivesTheSameLayer)
{
  write("project/main.py", "print('hello')\n");
  write("project/pkg/util.py", "X = 1\n");
  auto entries = entries_of("project");

  LayerCache cache(settings());
  auto first = cache.pack(entries, m_options, layout("one"));
  EXPECT_EQ(cache.stats().misses, 1u);

  // A hit must not read the files: they are gone (the entries keep their recorded status).
  fs::rename(dir() / "project", dir() / "moved");
  auto second = cache.pack(entries, m_options, layout("two"));
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(second.descriptor.digest, first.descriptor.digest);
  EXPECT_EQ(second.diff_id, first.diff_id);
  EXPECT_EQ(second.tar_size, first.tar_size);
  EXPECT_EQ(second.entry_count, first.entry_count);
  auto blob = layout("two").blob_path(second.descriptor.digest);
  EXPECT_EQ(layout::digest_of_file(blob), second.descriptor.digest);
  EXPECT_EQ(stat_of(blob).st_ino, stat_of(cached_blob(second)).st_ino) << "hard-linked from the cache";
}

TEST_F(LayerCacheTest, SamePackIntoTheSameLayoutWritesNothing)
{
  write("project/main.py", "print('hello')\n");
  auto entries = entries_of("project");
  LayerCache cache(settings());
  auto first = cache.pack(entries, m_options, layout("out"));
  auto before = stat_of(layout("out").blob_path(first.descriptor.digest));
  cache.pack(entries, m_options, layout("out"));
  auto after = stat_of(layout("out").blob_path(first.descriptor.digest));
  EXPECT_EQ(after.st_ino, before.st_ino);
  EXPECT_EQ(after.st_ctim.tv_nsec, before.st_ctim.tv_nsec);
  EXPECT_EQ(after.st_ctim.tv_sec, before.st_ctim.tv_sec);
  EXPECT_EQ(cache.stats().hits, 1u);
}

TEST_F(LayerCacheTest, ChangedContentMisses)
{
  write("project/main.py", "print('hello')\n");
  LayerCache cache(settings());
  auto first = cache.pack(entries_of("project"), m_options, layout("out"));
  write("project/main.py", "print('hello, world')\n");
  auto second = cache.pack(entries_of("project"), m_options, layout("out"));
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_NE(second.descriptor.digest, first.descriptor.digest);
  EXPECT_EQ(entry_files(), 2u);
}

TEST_F(LayerCacheTest, OtherOptionsMiss)
{
  write("project/main.py", "print('hello')\n");
  LayerCache cache(settings());
  cache.pack(entries_of("project"), m_options, layout("out"));
  auto zstd = m_options;
  zstd.compression = oci::media_type::Compression::zstd;
  auto result = cache.pack(entries_of("project"), zstd, layout("out"));
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_EQ(result.descriptor.media_type, "application/vnd.oci.image.layer.v1.tar+zstd");
}

TEST_F(LayerCacheTest, RecentlyChangedFilesAreNotRecorded)
{
  write("project/main.py", "print('hello')\n");
  auto racy = settings();
  racy.racy_window = std::chrono::hours(1);
  LayerCache cache(racy);
  auto result = cache.pack(entries_of("project"), m_options, layout("out"));
  cache.pack(entries_of("project"), m_options, layout("out"));
  EXPECT_EQ(cache.stats().uncached, 2u);
  EXPECT_EQ(cache.stats().hits, 0u);
  EXPECT_EQ(entry_files(), 0u);
  EXPECT_EQ(layout::digest_of_file(layout("out").blob_path(result.descriptor.digest)), result.descriptor.digest);
}

TEST_F(LayerCacheTest, TruncatedBlobIsRejectedAndRebuilt)
{
  write_random("project/data.bin", 100000, 1);
  auto entries = entries_of("project");
  LayerCache cache(settings());
  auto first = cache.pack(entries, m_options, layout("out"));
  // The layout's blob is a hard link of the cached one: both are cut.
  fs::resize_file(cached_blob(first), 1000);

  auto second = cache.pack(entries, m_options, layout("out"));
  EXPECT_EQ(cache.stats().rejected, 1u);
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_EQ(second.descriptor.digest, first.descriptor.digest);
  EXPECT_EQ(layout::digest_of_file(cached_blob(second)), second.descriptor.digest);
  EXPECT_EQ(layout::digest_of_file(layout("out").blob_path(second.descriptor.digest)), second.descriptor.digest);
}

TEST_F(LayerCacheTest, CorruptedBlobOfTheSameSizeIsRejectedAndRebuilt)
{
  write_random("project/data.bin", 100000, 2);
  auto entries = entries_of("project");
  LayerCache cache(settings());
  auto first = cache.pack(entries, m_options, layout("out"));
  {
    int fd = ::open(cached_blob(first).c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, "XXXX", 4, 5000), 4);
    ::close(fd);
  }
  auto second = cache.pack(entries, m_options, layout("out"));
  EXPECT_EQ(cache.stats().rejected, 1u);
  EXPECT_EQ(layout::digest_of_file(cached_blob(second)), first.descriptor.digest);
  EXPECT_EQ(layout::digest_of_file(layout("out").blob_path(second.descriptor.digest)), first.descriptor.digest);
  // Rebuilt and recorded: the next pack is a hit.
  cache.pack(entries, m_options, layout("out"));
  EXPECT_EQ(cache.stats().hits, 1u);
}

TEST_F(LayerCacheTest, MalformedOrOrphanedEntriesAreRejected)
{
  write("project/main.py", "print('hello')\n");
  auto entries = entries_of("project");
  LayerCache cache(settings());
  auto first = cache.pack(entries, m_options, layout("out"));
  auto entry_file = dir() / "cache" / "layers" / (layer_key(entries, m_options) + ".json");
  ASSERT_TRUE(fs::exists(entry_file));
  write("cache/layers/" + entry_file.filename().string(), "{not json");
  cache.pack(entries, m_options, layout("out"));
  EXPECT_EQ(cache.stats().rejected, 1u);
  fs::remove(cached_blob(first));
  auto third = cache.pack(entries, m_options, layout("other"));
  EXPECT_EQ(cache.stats().rejected, 2u);
  EXPECT_EQ(cache.stats().hits, 0u);
  EXPECT_EQ(layout::digest_of_file(layout("other").blob_path(third.descriptor.digest)), first.descriptor.digest);
}

TEST_F(LayerCacheTest, EvictsTheLeastRecentlyUsedFirstWithinTheBound)
{
  std::vector<layer::Result> results;
  std::vector<fs::path> entry_paths;
  {
    LayerCache cache(settings());
    for (unsigned i = 0; i < 3; ++i) {
      write_random("p" + std::to_string(i) + "/data.bin", 200000, 10 + i);
      auto entries = entries_of("p" + std::to_string(i));
      results.push_back(cache.pack(entries, m_options, layout("out")));
      entry_paths.push_back(dir() / "cache" / "layers" / (layer_key(entries, m_options) + ".json"));
    }
  }
  // Used: p0 longest ago, then p2, then p1.
  auto now = fs::file_time_type::clock::now();
  fs::last_write_time(entry_paths[0], now - std::chrono::minutes(30));
  fs::last_write_time(entry_paths[2], now - std::chrono::minutes(20));
  fs::last_write_time(entry_paths[1], now - std::chrono::minutes(10));
  write("cache/layers/blobs/sha256/.upload.tmp.abcdef", "left by a killed build");

  auto blob_size = static_cast<std::uint64_t>(results[0].descriptor.size);
  {
    LayerCache cache(settings(blob_size * 5 / 2)); // room for two
    EXPECT_TRUE(cache.evict());
  }
  EXPECT_FALSE(fs::exists(entry_paths[0]));
  EXPECT_FALSE(fs::exists(cached_blob(results[0])));
  EXPECT_TRUE(fs::exists(cached_blob(results[1])));
  EXPECT_TRUE(fs::exists(cached_blob(results[2])));
  EXPECT_FALSE(fs::exists(dir() / "cache/layers/blobs/sha256/.upload.tmp.abcdef"));
  // The layout keeps its hard links.
  EXPECT_TRUE(layout("out").has_blob(results[0].descriptor.digest));
  {
    LayerCache cache(settings(blob_size * 3 / 2)); // room for one
    EXPECT_TRUE(cache.evict());
  }
  EXPECT_FALSE(fs::exists(cached_blob(results[2])));
  EXPECT_TRUE(fs::exists(cached_blob(results[1])));
  EXPECT_TRUE(fs::exists(entry_paths[1]));
  EXPECT_EQ(entry_files(), 1u);
}

TEST_F(LayerCacheTest, FinishKeepsTheCacheWithinItsBound)
{
  LayerCache cache(settings(150000));
  for (unsigned i = 0; i < 4; ++i) {
    write_random("p" + std::to_string(i) + "/data.bin", 100000, 20 + i);
    cache.pack(entries_of("p" + std::to_string(i)), m_options, layout("out"));
  }
  cache.finish();
  std::uint64_t total = 0;
  for (const auto& item : fs::directory_iterator(dir() / "cache/layers/blobs/sha256")) {
    total += fs::file_size(item.path());
  }
  EXPECT_LE(total, 150000u);
  EXPECT_GT(total, 0u) << "the most recent layer stays";
  // Still usable after eviction.
  cache.pack(entries_of("p3"), m_options, layout("out"));
  EXPECT_EQ(cache.stats().hits, 1u);
}

TEST_F(LayerCacheTest, NoEvictionWhileAnotherBuildUsesTheCache)
{
  LayerCache other(settings());
  LayerCache cache(settings(0));
  EXPECT_FALSE(cache.evict());
}

// What a concurrent build sees when it misses a layer another build has just stored: the blob is there,
// its entry not yet. The intact blob keeps its file: renaming a new one over it made the other build's
// link(2) of that name fail with ENOENT (ConcurrentBuildsOnOneCache, ~1 in 20 runs).
TEST_F(LayerCacheTest, AMissKeepsTheIntactBlobItWouldWrite)
{
  write("project/main.py", "print('hello')\n");
  auto entries = entries_of("project");
  LayerCache cache(settings());
  auto first = cache.pack(entries, m_options, layout("one"));
  auto inode = stat_of(cached_blob(first)).st_ino;
  fs::remove(dir() / "cache" / "layers" / (layer_key(entries, m_options) + ".json"));
  auto second = cache.pack(entries, m_options, layout("two"));
  EXPECT_EQ(cache.stats().misses, 2u);
  EXPECT_EQ(second.descriptor.digest, first.descriptor.digest);
  EXPECT_EQ(stat_of(cached_blob(second)).st_ino, inode) << "the blob was replaced";
  EXPECT_EQ(stat_of(layout("two").blob_path(second.descriptor.digest)).st_ino, inode);
}

TEST_F(LayerCacheTest, ConcurrentBuildsOnOneCache)
{
  for (unsigned i = 0; i < 4; ++i) {
    write_random("p" + std::to_string(i) + "/data.bin", 300000, 30 + i);
    write("p" + std::to_string(i) + "/main.py", "print(" + std::to_string(i) + ")\n");
  }
  std::vector<std::vector<layer::Entry>> projects;
  for (unsigned i = 0; i < 4; ++i) {
    projects.push_back(entries_of("p" + std::to_string(i)));
  }
  std::vector<std::vector<oci::Digest>> digests(2);
  std::vector<std::string> errors(2);
  auto build = [&](int builder) {
    try {
      LayerCache cache(settings());
      auto out = layout("out" + std::to_string(builder));
      for (int round = 0; round < 3; ++round) {
        for (const auto& entries : projects) {
          digests[builder].push_back(cache.pack(entries, m_options, out).descriptor.digest);
        }
      }
      cache.finish();
    } catch (const std::exception& error) {
      errors[builder] = error.what();
    }
  };
  std::thread first(build, 0);
  std::thread second(build, 1);
  first.join();
  second.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  EXPECT_EQ(digests[0], digests[1]);
  for (int builder = 0; builder < 2; ++builder) {
    for (const auto& digest : digests[builder]) {
      EXPECT_EQ(layout::digest_of_file(layout("out" + std::to_string(builder)).blob_path(digest)), digest);
    }
  }
}

TEST(ParseSize, UnitsArePowersOf1024)
{
  EXPECT_EQ(parse_size("1024"), 1024u);
  EXPECT_EQ(parse_size("64K"), 64u * 1024);
  EXPECT_EQ(parse_size("500M"), 500ull << 20);
  EXPECT_EQ(parse_size("5G"), 5ull << 30);
  EXPECT_EQ(parse_size("5GB"), 5ull << 30);
  EXPECT_EQ(parse_size("5GiB"), 5ull << 30);
  EXPECT_EQ(parse_size("1T"), 1ull << 40);
  EXPECT_EQ(parse_size("0"), 0u);
  EXPECT_THROW(parse_size(""), UsageError);
  EXPECT_THROW(parse_size("G"), UsageError);
  EXPECT_THROW(parse_size("5X"), UsageError);
  EXPECT_THROW(parse_size("-1G"), UsageError);
  EXPECT_THROW(parse_size("99999999999T"), UsageError);
}

} // namespace
} // namespace pycontainer::cache
