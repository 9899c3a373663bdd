// Unit tests of layer::LayerReader: a layer's entries and contents in tar order for every compression,
// the size limit on a content read, and the digest checked only when one is expected.
#include "layer/layer_reader.hpp"
#include "layer/layer_writer.hpp"
#include "layout/layout.hpp"
#include "test_support.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <archive_entry.h>

#include <string>
#include <vector>

namespace pycontainer::layer {
namespace {

using oci::media_type::Compression;

class LayerReaderTest : public test::TempDirTest {
protected:
  // A layer of a.txt ("alpha"), d/ and d/b.txt (300 KiB) in dir()/layout: (blob, media type).
  std::pair<std::filesystem::path, std::string> sample_layer(Compression compression)
  {
    std::vector<Entry> entries(2);
    entries[0].path = "a.txt";
    entries[0].source = write("files/a.txt", "alpha").string();
    entries[1].path = "d/b.txt";
    entries[1].source = write("files/b.txt", std::string(300 * 1024, 'b')).string();
    Options options;
    options.compression = compression;
    auto layout = layout::Layout::open_or_create(dir() / "layout");
    auto result = write_layer(entries, options, layout);
    return {layout.blobs_directory() / result.descriptor.digest.encoded(), result.descriptor.media_type};
  }
};

TEST_F(LayerReaderTest, ReadsEntriesAndContentsForEveryCompression)
{
  for (auto compression : {Compression::gzip, Compression::zstd, Compression::none}) {
    auto [blob, media_type] = sample_layer(compression);
    LayerReader reader(blob, media_type, blob.filename().string());
    std::vector<std::string> paths;
    std::string b;
    while (archive_entry* entry = reader.next()) {
      paths.emplace_back(archive_entry_pathname(entry));
      if (paths.back() == "d/b.txt") {
        b = reader.content(1024 * 1024);
      }
    }
    EXPECT_EQ(paths, (std::vector<std::string>{"a.txt", "d/", "d/b.txt"})) << media_type;
    EXPECT_EQ(b, std::string(300 * 1024, 'b')) << media_type;
    EXPECT_EQ(reader.next(), nullptr); // stays at the end
  }
}

TEST_F(LayerReaderTest, AContentOverTheLimitIsAnError)
{
  auto [blob, media_type] = sample_layer(Compression::gzip);
  LayerReader reader(blob, media_type);
  reader.next();
  EXPECT_EQ(reader.content(5), "alpha");
  reader.next();
  reader.next();
  try {
    reader.content(1000);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "layer '" + blob.string() + "': d/b.txt is larger than 1000 bytes");
  }
}

TEST_F(LayerReaderTest, TheDigestIsCheckedOnlyWhenExpected)
{
  auto [blob, media_type] = sample_layer(Compression::gzip);
  auto read_all = [&](std::optional<std::string> expected) {
    LayerReader reader(blob, media_type, std::move(expected));
    std::size_t count = 0;
    while (reader.next()) {
      ++count;
    }
    return count;
  };
  EXPECT_EQ(read_all(std::nullopt), 3u);
  EXPECT_EQ(read_all(blob.filename().string()), 3u);
  try {
    read_all(std::string(64, '0'));
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "layer '" + blob.string() + "': it does not match its digest: its content is sha256:" +
                                 blob.filename().string() + " (the layout is damaged)");
  }
}

} // namespace
} // namespace pycontainer::layer
