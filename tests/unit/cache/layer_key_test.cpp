#include "cache/layer_key.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace pycontainer::cache {
namespace {

layer::Entry file(std::string path)
{
  layer::Entry entry;
  entry.path = std::move(path);
  entry.source = "/nowhere/" + entry.path; // never stat'ed: the status below is set
  entry.mode = 0644;
  entry.mtime = 1700000000;
  entry.size = 1234;
  entry.mtime_ns = 1700000000'123456789;
  entry.ctime_ns = 1700000000'223456789;
  entry.inode = 42;
  entry.device = 7;
  return entry;
}

std::vector<layer::Entry> sample()
{
  layer::Entry directory;
  directory.path = "app";
  directory.type = layer::EntryType::directory;
  directory.mode = 0755;
  layer::Entry link;
  link.path = "app/link";
  link.type = layer::EntryType::symlink;
  link.link_target = "main.py";
  return {directory, file("app/main.py"), link, file("app/util.py")};
}

layer::Options options()
{
  layer::Options result;
  result.fixed_mtime = 315532800;
  return result;
}

TEST(LayerKey, IsStableAndIndependentOfOrderAndThreads)
{
  auto entries = sample();
  auto key = layer_key(entries, options());
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(layer_key(entries, options()), key);
  std::reverse(entries.begin(), entries.end());
  auto threaded = options();
  threaded.threads = 7;
  EXPECT_EQ(layer_key(entries, threaded), key);
}

TEST(LayerKey, ChangesWithEveryStatusField)
{
  auto base = layer_key(sample(), options());
  auto changed = [&](auto&& change) {
    auto entries = sample();
    change(entries[1]);
    return layer_key(entries, options());
  };
  EXPECT_NE(changed([](layer::Entry& e) { e.mode = 0755; }), base);
  EXPECT_NE(changed([](layer::Entry& e) { e.size += 1; }), base);
  EXPECT_NE(changed([](layer::Entry& e) { e.mtime_ns += 1; }), base);
  EXPECT_NE(changed([](layer::Entry& e) { e.ctime_ns += 1; }), base);
  EXPECT_NE(changed([](layer::Entry& e) { e.inode += 1; }), base);
  EXPECT_NE(changed([](layer::Entry& e) { e.device += 1; }), base);
  EXPECT_NE(changed([](layer::Entry& e) { e.path = "app/other.py"; }), base);
  auto entries = sample();
  entries[2].link_target = "util.py";
  EXPECT_NE(layer_key(entries, options()), base);
  entries = sample();
  entries.pop_back();
  EXPECT_NE(layer_key(entries, options()), base);
}

TEST(LayerKey, ChangesWithTheOptionsThatShapeTheBlob)
{
  auto base = layer_key(sample(), options());
  auto level = options();
  level.level = 1;
  EXPECT_NE(layer_key(sample(), level), base);
  auto zstd = options();
  zstd.compression = oci::media_type::Compression::zstd;
  EXPECT_NE(layer_key(sample(), zstd), base);
  auto none = options();
  none.compression = oci::media_type::Compression::none;
  EXPECT_NE(layer_key(sample(), none), base);
  auto real_times = options();
  real_times.fixed_mtime.reset();
  EXPECT_NE(layer_key(sample(), real_times), base);
  auto other_time = options();
  other_time.fixed_mtime = 0;
  EXPECT_NE(layer_key(sample(), other_time), base);
}

// A content key names the bytes wherever the files lie: the same content key with the same options is
// one key, another content key or other options another, and neither is an entries' key.
TEST(LayerKey, AContentKeyGivesOneKeyPerContentAndOptions)
{
  auto base = content_layer_key("content-a", options());
  EXPECT_EQ(content_layer_key("content-a", options()), base);
  EXPECT_NE(content_layer_key("content-b", options()), base);
  auto level = options();
  level.level = 1;
  EXPECT_NE(content_layer_key("content-a", level), base);
  auto other_time = options();
  other_time.fixed_mtime = 0;
  EXPECT_NE(content_layer_key("content-a", other_time), base);
  EXPECT_NE(layer_key(sample(), options()), base);
}

class LayerKeyFiles : public test::TempDirTest {};

TEST_F(LayerKeyFiles, StatsEntriesWithoutStatus)
{
  layer::Entry entry;
  entry.path = "a.py";
  entry.source = write("a.py", "one").string();
  auto before = layer_key({entry}, options());
  EXPECT_EQ(layer_key({entry}, options()), before);
  write("a.py", "three"); // another size
  EXPECT_NE(layer_key({entry}, options()), before);
}

TEST(LayerKeyRacy, RecentFilesAreRacy)
{
  using namespace std::chrono;
  auto entry = file("a.py");
  auto changed = system_clock::time_point(nanoseconds(entry.ctime_ns));
  EXPECT_TRUE(is_racy(entry, changed + milliseconds(500), seconds(2)));
  EXPECT_FALSE(is_racy(entry, changed + seconds(3), seconds(2)));
  EXPECT_FALSE(is_racy(entry, changed + milliseconds(1), nanoseconds(0)));
  auto unknown = entry;
  unknown.inode = 0;
  EXPECT_TRUE(is_racy(unknown, changed + seconds(3), seconds(2)));
  auto directory = sample()[0];
  EXPECT_FALSE(is_racy(directory, changed, seconds(2)));
}

TEST(LayerKeyRacy, ImmutableFilesNeverAre)
{
  using namespace std::chrono;
  auto entry = file("a.py");
  entry.immutable = true;
  auto changed = system_clock::time_point(nanoseconds(entry.ctime_ns));
  EXPECT_FALSE(is_racy(entry, changed + milliseconds(1), seconds(2)));
}

} // namespace
} // namespace pycontainer::cache
