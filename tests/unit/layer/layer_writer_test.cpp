#include "layer/layer_writer.hpp"

#include "layer_test_support.hpp"
#include "layout/layout.hpp"
#include "oci/digest.hpp"
#include "test_support.hpp"
#include "util/error.hpp"
#include "util/sha256.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace pycontainer::layer {
namespace {

namespace fs = std::filesystem;
using oci::media_type::Compression;
using test::read_all;
using test::read_tar;
using test::TarMember;

constexpr std::int64_t k_fixed_mtime = 1700000000;

// The entries for a directory tree, as a file collector would make them from lstat().
std::vector<Entry> entries_of_tree(const fs::path& root)
{
  std::vector<Entry> entries;
  for (const auto& item : fs::recursive_directory_iterator(root)) {
    struct stat status {};
    EXPECT_EQ(::lstat(item.path().c_str(), &status), 0);
    Entry entry;
    entry.path = item.path().lexically_relative(root).generic_string();
    entry.mode = status.st_mode & 07777;
    entry.mtime = status.st_mtim.tv_sec;
    if (S_ISDIR(status.st_mode)) {
      entry.type = EntryType::directory;
    } else if (S_ISLNK(status.st_mode)) {
      entry.type = EntryType::symlink;
      entry.link_target = fs::read_symlink(item.path()).string();
    } else {
      entry.type = EntryType::regular;
      entry.source = item.path().string();
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

void set_mode_and_mtime(const fs::path& path, mode_t mode, std::int64_t mtime)
{
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  struct timespec times[2] = {{static_cast<time_t>(mtime), 0}, {static_cast<time_t>(mtime), 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

class LayerWriterTest : public pycontainer::test::TempDirTest {
protected:
  void SetUp() override
  {
    TempDirTest::SetUp();
    m_layout.emplace(layout::Layout::open_or_create(dir() / "layout"));
  }

  const layout::Layout& layout() const { return *m_layout; }
  fs::path blob_path(const Result& result) const { return layout().blob_path(result.descriptor.digest); }

  // A small project tree: a package with an executable script, a data file, a symlink and an empty
  // directory. `mtime` and the modes differ between copies; content and exec bits do not.
  fs::path make_tree(const std::string& name, std::int64_t mtime, bool loose_modes)
  {
    auto root = dir() / name;
    write(name + "/app/hello/__init__.py", "");
    write(name + "/app/hello/cli.py", "print('hello')\n");
    write(name + "/app/bin/run", "#!/bin/sh\nexec python -m hello\n");
    write(name + "/app/data/table.csv", "a,b\n1,2\n");
    fs::create_directories(root / "app/empty");
    fs::create_symlink("../hello/cli.py", root / "app/bin/cli");
    set_mode_and_mtime(root / "app/hello/__init__.py", loose_modes ? 0664 : 0600, mtime);
    set_mode_and_mtime(root / "app/hello/cli.py", loose_modes ? 0666 : 0644, mtime + 1);
    set_mode_and_mtime(root / "app/bin/run", loose_modes ? 0775 : 0700, mtime + 2);
    set_mode_and_mtime(root / "app/data/table.csv", 0644, mtime + 3);
    set_mode_and_mtime(root / "app/empty", loose_modes ? 0777 : 0700, mtime);
    return root;
  }

  Options reproducible(Compression compression = Compression::gzip) const
  {
    Options options;
    options.compression = compression;
    options.fixed_mtime = k_fixed_mtime;
    return options;
  }

private:
  std::optional<layout::Layout> m_layout;
};

TEST_F(LayerWriterTest, SameEntriesTwiceGiveTheSameBlob)
{
  auto entries = entries_of_tree(make_tree("tree", 1600000000, false));
  auto first = write_layer(entries, reproducible(), layout());
  auto second = write_layer(entries, reproducible(), layout());
  EXPECT_EQ(first.descriptor.digest, second.descriptor.digest);
  EXPECT_EQ(first.diff_id, second.diff_id);
  EXPECT_EQ(first.descriptor.size, second.descriptor.size);
  EXPECT_EQ(first.descriptor.media_type, "application/vnd.oci.image.layer.v1.tar+gzip");
  EXPECT_TRUE(layout().has_blob(first.descriptor.digest));
  EXPECT_EQ(static_cast<std::int64_t>(fs::file_size(blob_path(first))), first.descriptor.size);
}

TEST_F(LayerWriterTest, CopiesWithOtherMtimesAndModesGiveTheSameBlobWhenReproducible)
{
  auto strict = write_layer(entries_of_tree(make_tree("strict", 1500000000, false)), reproducible(), layout());
  auto loose = write_layer(entries_of_tree(make_tree("loose", 1650000000, true)), reproducible(), layout());
  EXPECT_EQ(strict.descriptor.digest, loose.descriptor.digest);
  EXPECT_EQ(strict.diff_id, loose.diff_id);
}

TEST_F(LayerWriterTest, RealMtimesAndModesAreKeptWithoutFixedMtime)
{
  Options options;
  auto strict = write_layer(entries_of_tree(make_tree("strict", 1500000000, false)), options, layout());
  auto loose = write_layer(entries_of_tree(make_tree("loose", 1650000000, true)), options, layout());
  EXPECT_NE(strict.diff_id, loose.diff_id);

  auto members = read_tar(blob_path(strict));
  auto cli = std::find_if(members.begin(), members.end(), [](auto& m) { return m.path == "app/hello/cli.py"; });
  ASSERT_NE(cli, members.end());
  EXPECT_EQ(cli->mtime, 1500000001);
  auto run = std::find_if(members.begin(), members.end(), [](auto& m) { return m.path == "app/bin/run"; });
  ASSERT_NE(run, members.end());
  EXPECT_EQ(run->mode, 0700u);
}

TEST_F(LayerWriterTest, EntryOrderDoesNotMatter)
{
  auto entries = entries_of_tree(make_tree("tree", 1600000000, false));
  auto sorted = write_layer(entries, reproducible(), layout());
  std::reverse(entries.begin(), entries.end());
  auto reversed = write_layer(entries, reproducible(), layout());
  std::rotate(entries.begin(), entries.begin() + 3, entries.end());
  auto rotated = write_layer(entries, reproducible(), layout());
  EXPECT_EQ(sorted.descriptor.digest, reversed.descriptor.digest);
  EXPECT_EQ(sorted.descriptor.digest, rotated.descriptor.digest);
  EXPECT_EQ(sorted.diff_id, rotated.diff_id);
}

TEST_F(LayerWriterTest, TarHoldsSortedNormalisedEntriesWithParents)
{
  auto root = make_tree("tree", 1600000000, true);
  // Only files and the symlink: every directory must come from the parent rule.
  auto entries = entries_of_tree(root);
  std::erase_if(entries, [](const Entry& e) { return e.type == EntryType::directory; });
  auto result = write_layer(entries, reproducible(), layout());

  auto members = read_tar(blob_path(result));
  std::vector<std::string> names;
  for (const auto& member : members) {
    names.push_back(member.path);
  }
  // libarchive writes directory names with a trailing '/'.
  EXPECT_EQ(names, (std::vector<std::string>{"app/", "app/bin/", "app/bin/cli", "app/bin/run", "app/data/",
                                             "app/data/table.csv", "app/hello/", "app/hello/__init__.py",
                                             "app/hello/cli.py"}));
  EXPECT_EQ(result.entry_count, members.size());

  for (const auto& member : members) {
    SCOPED_TRACE(member.path);
    EXPECT_EQ(member.uid, 0);
    EXPECT_EQ(member.gid, 0);
    EXPECT_EQ(member.uname, "");
    EXPECT_EQ(member.gname, "");
    EXPECT_EQ(member.mtime, k_fixed_mtime);
    EXPECT_FALSE(member.has_atime);
    EXPECT_FALSE(member.has_ctime);
    switch (member.type) {
    case AE_IFDIR:
      EXPECT_EQ(member.mode, 0755u);
      break;
    case AE_IFLNK:
      EXPECT_EQ(member.mode, 0777u);
      EXPECT_EQ(member.symlink, "../hello/cli.py");
      break;
    case AE_IFREG:
      EXPECT_EQ(member.mode, member.path == "app/bin/run" ? 0755u : 0644u);
      EXPECT_EQ(member.content, read_all(root / member.path));
      break;
    default:
      ADD_FAILURE() << "unexpected type " << member.type;
    }
  }
  EXPECT_EQ(members[3].content, "#!/bin/sh\nexec python -m hello\n");
}

TEST_F(LayerWriterTest, PaxRecordsOnlyWhereUstarDoesNotFit)
{
  // A long path needs a PAX record; that record must carry the path only.
  std::string long_name = "pkg/" + std::string(120, 'x') + ".py";
  write("long.py", "x = 1\n");
  std::vector<Entry> entries{{long_name, EntryType::regular, dir() / "long.py", "", 0644, 123}};
  auto result = write_layer(entries, reproducible(Compression::none), layout());
  auto tar = read_all(blob_path(result));
  EXPECT_EQ(tar.size(), result.tar_size);
  EXPECT_EQ(tar.size() % 512, 0u);

  auto headers = test::raw_headers(tar);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[0].typeflag, '5');
  EXPECT_EQ(headers[1].typeflag, 'x');
  EXPECT_EQ(headers[1].payload, std::to_string(long_name.size() + 10) + " path=" + long_name + "\n");
  EXPECT_EQ(headers[2].typeflag, '0');
  EXPECT_EQ(tar.find("atime"), std::string::npos);
  EXPECT_EQ(tar.find("ctime"), std::string::npos);
  EXPECT_EQ(read_tar(blob_path(result)).back().path, long_name);
}

TEST_F(LayerWriterTest, GzipHeaderHasNoTimeNoNameAndUnknownOs)
{
  auto result = write_layer(entries_of_tree(make_tree("tree", 1600000000, false)), reproducible(), layout());
  auto blob = read_all(blob_path(result));
  ASSERT_GE(blob.size(), 18u);
  const unsigned char expected[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
  EXPECT_EQ(blob.substr(0, 10), std::string(reinterpret_cast<const char*>(expected), 10));
  // The trailer's ISIZE is the tar size modulo 2^32.
  auto isize_at = blob.size() - 4;
  std::uint32_t isize = 0;
  for (int i = 3; i >= 0; --i) {
    isize = (isize << 8) | static_cast<unsigned char>(blob[isize_at + static_cast<std::size_t>(i)]);
  }
  EXPECT_EQ(isize, result.tar_size);
}

class LayerCompressionTest : public LayerWriterTest, public ::testing::WithParamInterface<Compression> {};

TEST_P(LayerCompressionTest, DiffIdOfBlobMatchesResult)
{
  auto options = reproducible(GetParam());
  options.level = GetParam() == Compression::zstd ? 3 : 6;
  auto result = write_layer(entries_of_tree(make_tree("tree", 1600000000, false)), options, layout());
  EXPECT_EQ(result.descriptor.media_type, layer_media_type(GetParam()));
  auto blob = blob_path(result);
  EXPECT_EQ(diff_id_of_blob(blob, result.descriptor.media_type), result.diff_id);
  EXPECT_EQ(result.diff_id.encoded(), test::independent_diff_id_hex(blob));
  EXPECT_EQ(util::sha256_hex(read_all(blob)), result.descriptor.digest.encoded());
  if (GetParam() == Compression::none) {
    EXPECT_EQ(result.diff_id, result.descriptor.digest);
    EXPECT_EQ(static_cast<std::uint64_t>(result.descriptor.size), result.tar_size);
  } else {
    EXPECT_LT(static_cast<std::uint64_t>(result.descriptor.size), result.tar_size);
  }
  // Readable as a layer, whatever the compression.
  EXPECT_EQ(read_tar(blob).size(), result.entry_count);
}

TEST_P(LayerCompressionTest, ImportedTarKeepsItsBytes)
{
  auto tar = write_layer(entries_of_tree(make_tree("tree", 1600000000, false)), reproducible(Compression::none),
                         layout());
  auto tarball = dir() / "rootfs.tar";
  fs::copy_file(blob_path(tar), tarball);

  auto options = reproducible(GetParam());
  options.level = 3;
  auto result = import_tar(tarball, options, layout());
  EXPECT_EQ(result.diff_id.encoded(), util::sha256_hex(read_all(tarball)));
  EXPECT_EQ(result.diff_id, tar.diff_id);
  EXPECT_EQ(result.tar_size, fs::file_size(tarball));
  EXPECT_EQ(result.descriptor.media_type, layer_media_type(GetParam()));
  EXPECT_EQ(diff_id_of_blob(blob_path(result), result.descriptor.media_type), result.diff_id);
}

INSTANTIATE_TEST_SUITE_P(AllCompressions, LayerCompressionTest,
                         ::testing::Values(Compression::none, Compression::gzip, Compression::zstd),
                         [](const auto& info) {
                           return std::string(info.param == Compression::none   ? "none"
                                              : info.param == Compression::gzip ? "gzip"
                                                                                : "zstd");
                         });

// An uncompressed tar has no checksum that could fail; gzip and zstd blobs do.
class LayerCorruptBlobTest : public LayerWriterTest, public ::testing::WithParamInterface<Compression> {};

TEST_P(LayerCorruptBlobTest, CorruptOrTruncatedBlobIsAnError)
{
  auto options = reproducible(GetParam());
  options.level = 3;
  auto result = write_layer(entries_of_tree(make_tree("tree", 1600000000, false)), options, layout());
  auto blob = read_all(blob_path(result));
  std::string name = GetParam() == Compression::gzip ? "gzip" : "zstd";

  auto flipped = blob;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x20);
  auto flipped_path = write("flipped", flipped);
  auto truncated_path = write("truncated", blob.substr(0, blob.size() - 7));
  auto empty_path = write("empty", "");

  for (const auto& path : {flipped_path, truncated_path, empty_path}) {
    SCOPED_TRACE(path.filename().string());
    try {
      diff_id_of_blob(path, result.descriptor.media_type);
      ADD_FAILURE() << "no error";
    } catch (const Error& error) {
      EXPECT_NE(error.message().find("layer blob " + path.string() + ": corrupt " + name + " data ("),
                std::string::npos)
        << error.message();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Compressed, LayerCorruptBlobTest, ::testing::Values(Compression::gzip, Compression::zstd),
                         [](const auto& info) {
                           return std::string(info.param == Compression::none   ? "none"
                                              : info.param == Compression::gzip ? "gzip"
                                                                                : "zstd");
                         });

TEST_F(LayerWriterTest, ConcatenatedGzipMembersAreOneStream)
{
  auto first = write_layer(entries_of_tree(make_tree("one", 1600000000, false)), reproducible(), layout());
  auto second = write_layer(entries_of_tree(make_tree("two", 1600000000, true)), reproducible(), layout());
  auto joined = write("joined.gz", read_all(blob_path(first)) + read_all(blob_path(second)));
  EXPECT_EQ(diff_id_of_blob(joined, "application/vnd.oci.image.layer.v1.tar+gzip").encoded(),
            test::independent_diff_id_hex(joined));
}

TEST_F(LayerWriterTest, DuplicatePathIsAUsageError)
{
  write("a.py", "a");
  write("b.py", "b");
  std::vector<Entry> entries{{"app/x.py", EntryType::regular, dir() / "a.py", "", 0644, 0},
                             {"app/y.py", EntryType::regular, dir() / "a.py", "", 0644, 0},
                             {"app/x.py", EntryType::regular, dir() / "b.py", "", 0644, 0}};
  try {
    write_layer(entries, reproducible(), layout());
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("\"app/x.py\""), std::string::npos) << error.message();
  }
}

TEST_F(LayerWriterTest, MissingOrNonRegularSourceIsAnErrorNamingIt)
{
  write("present.py", "x");
  for (auto source : {dir() / "missing.py", dir()}) {
    std::vector<Entry> entries{{"app/present.py", EntryType::regular, dir() / "present.py", "", 0644, 0},
                               {"app/x.py", EntryType::regular, source, "", 0644, 0}};
    try {
      write_layer(entries, reproducible(), layout());
      FAIL() << "no error for " << source;
    } catch (const Error& error) {
      EXPECT_NE(error.message().find("'" + source.string() + "'"), std::string::npos) << error.message();
    }
  }
  // Nothing half-written is left in the layout.
  std::size_t blobs = 0;
  for ([[maybe_unused]] const auto& item : fs::directory_iterator(dir() / "layout/blobs/sha256")) {
    ++blobs;
  }
  EXPECT_EQ(blobs, 0u);
}

// A file swapped for a link out of the context between listing and packing is not packed.
TEST_F(LayerWriterTest, SourceSwappedSinceListedIsRefused)
{
  auto source = write("context/app.py", "inside");
  write("outside/secret", "outside");
  Entry entry{"app/app.py", EntryType::regular, source.string(), "", 0644, 0};
  struct stat info {};
  ASSERT_EQ(::lstat(source.c_str(), &info), 0);
  set_status(entry, info);
  fs::remove(source);
  fs::create_symlink("../outside/secret", source);
  try {
    write_layer({entry}, reproducible(), layout());
    FAIL() << "packed the swapped file";
  } catch (const IoError& error) {
    EXPECT_EQ(error.message(),
              "cannot read '" + source.string() + "': changed while the build read it; run the build again");
  }
  EXPECT_TRUE(fs::is_empty(dir() / "layout/blobs/sha256"));
}

TEST_F(LayerWriterTest, ImportRejectsCompressedTarball)
{
  auto result = write_layer(entries_of_tree(make_tree("tree", 1600000000, false)), reproducible(), layout());
  EXPECT_THROW(import_tar(blob_path(result), reproducible(), layout()), UsageError);
  EXPECT_THROW(import_tar(dir() / "missing.tar", reproducible(), layout()), IoError);

  // A tar whose first name merely looks like a magic number is a tar.
  write("BZh91.txt", "not bzip2");
  auto tar = write_layer({{"BZh91.txt", EntryType::regular, dir() / "BZh91.txt", "", 0644, 0}},
                         reproducible(Compression::none), layout());
  EXPECT_EQ(import_tar(blob_path(tar), reproducible(), layout()).diff_id, tar.diff_id);
}

TEST_F(LayerWriterTest, BadLevelIsAUsageError)
{
  auto options = reproducible();
  options.level = 10;
  EXPECT_THROW(write_layer({}, options, layout()), UsageError);
  options.compression = Compression::zstd;
  options.level = 99;
  EXPECT_THROW(write_layer({}, options, layout()), UsageError);
}

TEST_F(LayerWriterTest, EmptyLayerIsEndOfArchiveOnly)
{
  auto result = write_layer({}, reproducible(Compression::none), layout());
  EXPECT_EQ(result.tar_size, 1024u);
  EXPECT_EQ(result.entry_count, 0u);
  EXPECT_EQ(read_all(blob_path(result)), std::string(1024, '\0'));
}

TEST_F(LayerWriterTest, MediaTypes)
{
  EXPECT_EQ(layer_media_type(Compression::none), "application/vnd.oci.image.layer.v1.tar");
  EXPECT_EQ(layer_media_type(Compression::gzip), "application/vnd.oci.image.layer.v1.tar+gzip");
  EXPECT_EQ(layer_media_type(Compression::zstd), "application/vnd.oci.image.layer.v1.tar+zstd");
  EXPECT_THROW(diff_id_of_blob(dir(), "application/vnd.oci.image.config.v1+json"), UsageError);
}

long peak_rss_kib()
{
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST_F(LayerWriterTest, LargeFileStreamsWithFlatMemory)
{
  constexpr std::uint64_t k_size = 48ull * 1024 * 1024;
  auto big = dir() / "big.bin";
  {
    std::ofstream out(big, std::ios::binary);
    out << "start";
    out.seekp(static_cast<std::streamoff>(k_size / 2));
    out << "middle";
    out.seekp(static_cast<std::streamoff>(k_size - 3));
    out << "end";
  }
  ASSERT_EQ(fs::file_size(big), k_size);

  auto rss_before = peak_rss_kib();
  auto options = reproducible();
  options.level = 1;
  auto result = write_layer({{"big.bin", EntryType::regular, big, "", 0644, 0}}, options, layout());
  EXPECT_EQ(result.tar_size, 512 + k_size + 1024);
  EXPECT_EQ(diff_id_of_blob(blob_path(result), result.descriptor.media_type), result.diff_id);
  // Buffers are a few MiB at most; the 48 MiB file must never be held whole.
  EXPECT_LT(peak_rss_kib() - rss_before, 24 * 1024);
}

} // namespace
} // namespace pycontainer::layer
