#include "layer/tar_writer.hpp"

#include "layer_test_support.hpp"
#include "test_support.hpp"
#include "util/error.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <fstream>

namespace pycontainer::layer {
namespace {

namespace fs = std::filesystem;

class TarWriterTest : public pycontainer::test::TempDirTest {
protected:
  ByteSink collect()
  {
    return [this](const void* data, std::size_t size) { m_tar.append(static_cast<const char*>(data), size); };
  }
  const std::string& tar() const { return m_tar; }

private:
  std::string m_tar;
};

TEST_F(TarWriterTest, NonAsciiNamesDoNotDependOnTheLocale)
{
  auto write_tar = [&] {
    std::string out;
    TarWriter writer([&out](const void* data, std::size_t size) { out.append(static_cast<const char*>(data), size); });
    writer.add_directory("caf\xc3\xa9", 0755, 0);
    writer.add_symlink("caf\xc3\xa9/l\xc3\xafnk", "t\xc3\xa4rget", 0777, 0);
    writer.add_directory("plain", 0755, 0);
    writer.finish();
    return out;
  };
  std::string saved = std::setlocale(LC_ALL, nullptr);
  std::setlocale(LC_ALL, "C");
  auto in_c = write_tar();
  ASSERT_NE(std::setlocale(LC_ALL, "C.UTF-8"), nullptr) << "glibc provides C.UTF-8";
  auto in_utf8 = write_tar();
  std::setlocale(LC_ALL, saved.c_str());
  EXPECT_EQ(in_c, in_utf8);

  auto headers = test::raw_headers(in_c);
  ASSERT_EQ(headers.size(), 5u);
  EXPECT_EQ(headers[0].typeflag, 'x');
  EXPECT_EQ(headers[0].payload, "15 path=caf\xc3\xa9/\n");
  EXPECT_EQ(headers[1].typeflag, '5');
  EXPECT_EQ(headers[2].typeflag, 'x');
  EXPECT_EQ(headers[2].payload, "20 path=caf\xc3\xa9/l\xc3\xafnk\n20 linkpath=t\xc3\xa4rget\n");
  EXPECT_EQ(headers[3].typeflag, '2');
  EXPECT_EQ(headers[4].typeflag, '5');
  EXPECT_EQ(headers[4].name, "plain/");
}

TEST_F(TarWriterTest, MtimeOutsideUstarGoesToAPaxRecord)
{
  TarWriter writer(collect());
  writer.add_directory("future", 0755, std::int64_t{1} << 33);
  writer.add_directory("now", 0755, 1700000000);
  writer.finish();
  auto headers = test::raw_headers(tar());
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[0].typeflag, 'x');
  EXPECT_EQ(headers[0].payload, "20 mtime=8589934592\n");
  EXPECT_EQ(headers[2].name, "now/");
  EXPECT_EQ(tar().size(), 4 * 512 + 1024u);
}

TEST_F(TarWriterTest, FileChangingSizeWhileReadIsAnIoErrorNamingIt)
{
  auto source = write("growing.bin", std::string(3 * 1024 * 1024, 'a'));
  bool appended = false;
  TarWriter writer([&](const void*, std::size_t) {
    if (!appended) {
      std::ofstream(source, std::ios::binary | std::ios::app) << "more";
      appended = true;
    }
  });
  try {
    writer.add_file("growing.bin", source, 0644, 0);
    FAIL() << "no error";
  } catch (const IoError& error) {
    EXPECT_EQ(error.message(), "cannot read '" + source.string() +
                                 "': file changed size while being read (was 3145728 bytes)");
  }
  EXPECT_TRUE(appended);
}

TEST_F(TarWriterTest, SinkErrorComesOutUnchangedAndStopsTheStream)
{
  auto source = write("big.bin", std::string(1024 * 1024, 'b'));
  int calls = 0;
  {
    TarWriter writer([&](const void*, std::size_t) {
      ++calls;
      throw IoError("write", "/blobs/tmp", "No space left on device");
    });
    EXPECT_THROW(
      {
        try {
          writer.add_file("big.bin", source, 0644, 0);
        } catch (const IoError& error) {
          EXPECT_EQ(error.message(), "cannot write '/blobs/tmp': No space left on device");
          throw;
        }
      },
      IoError);
  }
  EXPECT_EQ(calls, 1) << "an abandoned stream must not be flushed";
}

TEST_F(TarWriterTest, ContentIsStreamedInBlocks)
{
  auto source = write("data.bin", std::string(200 * 1024 + 7, 'c'));
  std::size_t largest = 0;
  std::string out;
  TarWriter writer([&](const void* data, std::size_t size) {
    largest = std::max(largest, size);
    out.append(static_cast<const char*>(data), size);
  });
  writer.add_file("data.bin", source, 0644, 0);
  writer.finish();
  EXPECT_LE(largest, TarWriter::k_block_size);
  EXPECT_EQ(writer.bytes_written(), out.size());
  EXPECT_EQ(out.size(), 512 + (200 * 1024 + 7 + 511) / 512 * 512 + 1024);
  auto path = write("out.tar", out);
  auto members = test::read_tar(path);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].content, std::string(200 * 1024 + 7, 'c'));
}

} // namespace
} // namespace pycontainer::layer
