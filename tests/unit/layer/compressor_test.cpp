#include "layer/compressor.hpp"
#include "layer/decompressor.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace pycontainer::layer {
namespace {

using oci::media_type::Compression;

// Compressible but not trivial: text-like lines with a counter.
std::string sample_data(std::size_t size)
{
  std::string data;
  for (std::uint32_t i = 0; data.size() < size; ++i) {
    data += "line " + std::to_string(i * 2654435761u % 100000) + " of some python source\n";
  }
  data.resize(size);
  return data;
}

std::string compress(Compression compression, int level, const std::string& data, std::size_t chunk)
{
  std::string out;
  auto compressor = make_compressor(compression, level, [&out](const void* bytes, std::size_t size) {
    out.append(static_cast<const char*>(bytes), size);
  });
  for (std::size_t offset = 0; offset < data.size(); offset += chunk) {
    compressor->write(data.data() + offset, std::min(chunk, data.size() - offset));
  }
  compressor->finish();
  return out;
}

std::string decompress(Compression compression, const std::string& data, std::size_t chunk)
{
  std::string out;
  auto decompressor = make_decompressor(compression, [&out](const void* bytes, std::size_t size) {
    out.append(static_cast<const char*>(bytes), size);
  });
  for (std::size_t offset = 0; offset < data.size(); offset += chunk) {
    decompressor->write(data.data() + offset, std::min(chunk, data.size() - offset));
  }
  decompressor->finish();
  return out;
}

class LayerCompressorTest : public ::testing::TestWithParam<Compression> {
protected:
  int level() const { return GetParam() == Compression::zstd ? 3 : 6; }
};

TEST_P(LayerCompressorTest, OutputDoesNotDependOnChunking)
{
  auto data = sample_data(700 * 1024);
  auto whole = compress(GetParam(), level(), data, data.size());
  EXPECT_EQ(compress(GetParam(), level(), data, 4093), whole);
  EXPECT_EQ(compress(GetParam(), level(), data, 65536), whole);
}

TEST_P(LayerCompressorTest, RoundTripsAcrossBufferBoundaries)
{
  // Zeros compress ~1000:1, so one input chunk fills the 256 KiB output buffer many times.
  auto zeros = std::string(5 * 1024 * 1024, '\0');
  auto compressed = compress(GetParam(), level(), zeros, zeros.size());
  EXPECT_EQ(decompress(GetParam(), compressed, compressed.size()), zeros);
  auto data = sample_data(300 * 1024);
  compressed = compress(GetParam(), level(), data, data.size());
  EXPECT_EQ(decompress(GetParam(), compressed, 1), data);
  EXPECT_EQ(decompress(GetParam(), compress(GetParam(), level(), "", 1), 1), "");
}

TEST_P(LayerCompressorTest, ConcatenatedStreamsDecompressAsOne)
{
  auto first = sample_data(1000);
  auto second = sample_data(3000);
  auto joined = compress(GetParam(), level(), first, 100) + compress(GetParam(), level(), second, 100);
  EXPECT_EQ(decompress(GetParam(), joined, 77), first + second);
}

INSTANTIATE_TEST_SUITE_P(AllCompressions, LayerCompressorTest,
                         ::testing::Values(Compression::none, Compression::gzip, Compression::zstd),
                         [](const auto& info) {
                           return std::string(info.param == Compression::none   ? "none"
                                              : info.param == Compression::gzip ? "gzip"
                                                                                : "zstd");
                         });

// Only compressed streams have framing (and checksums) that can be found broken.
class LayerCompressedFramingTest : public ::testing::TestWithParam<Compression> {};

TEST_P(LayerCompressedFramingTest, TrailingGarbageAndTruncationAreCorrupt)
{
  auto compressed = compress(GetParam(), GetParam() == Compression::zstd ? 3 : 6, sample_data(10000), 10000);
  EXPECT_THROW(decompress(GetParam(), compressed + "garbage!", 1000), Error);
  for (std::size_t cut = 1; cut <= 9; ++cut) { // gzip: into the trailer (CRC-32, size) and the last block
    EXPECT_THROW(decompress(GetParam(), compressed.substr(0, compressed.size() - cut), 1000), Error) << cut;
  }
}

INSTANTIATE_TEST_SUITE_P(Compressed, LayerCompressedFramingTest,
                         ::testing::Values(Compression::gzip, Compression::zstd),
                         [](const auto& info) {
                           return std::string(info.param == Compression::none   ? "none"
                                              : info.param == Compression::gzip ? "gzip"
                                                                                : "zstd");
                         });

TEST(GzipCompressorTest, HeaderIsFixedWithExtraFlagsPerLevel)
{
  for (auto [level, extra_flags] : {std::pair{1, 4}, std::pair{6, 0}, std::pair{9, 2}, std::pair{0, 0}}) {
    SCOPED_TRACE(level);
    auto out = compress(Compression::gzip, level, "hello", 5);
    ASSERT_GE(out.size(), 18u);
    EXPECT_EQ(out.substr(0, 8), std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8));
    EXPECT_EQ(static_cast<unsigned char>(out[8]), extra_flags);
    EXPECT_EQ(static_cast<unsigned char>(out[9]), 255);
    // Trailer: CRC-32 of "hello" (0x3610a686) and the size 5, little-endian.
    EXPECT_EQ(out.substr(out.size() - 8), std::string("\x86\xa6\x10\x36\x05\x00\x00\x00", 8));
  }
}

TEST(GzipCompressorTest, LevelOutOfRangeIsAUsageError)
{
  auto sink = [](const void*, std::size_t) {};
  EXPECT_THROW(make_compressor(Compression::gzip, -1, sink), UsageError);
  EXPECT_THROW(make_compressor(Compression::gzip, 10, sink), UsageError);
  EXPECT_THROW(make_compressor(Compression::zstd, 23, sink), UsageError);
  EXPECT_NO_THROW(make_compressor(Compression::zstd, 19, sink));
  EXPECT_NO_THROW(make_compressor(Compression::none, 99, sink));
}

TEST(GzipDecompressorTest, ReadsHeadersWithExtraFieldAndName)
{
  // gzip(1) and other tools write FNAME; some write FEXTRA. Same deflate data and trailer as ours.
  auto data = sample_data(20000);
  auto ours = compress(Compression::gzip, 6, data, data.size());
  std::string header("\x1f\x8b\x08\x0c\x00\x00\x00\x00\x00\x03", 10); // FEXTRA | FNAME, OS = Unix
  header += std::string("\x04\x00" "ab\x00\x00", 6) + "layer.tar" + std::string(1, '\0');
  EXPECT_EQ(decompress(Compression::gzip, header + ours.substr(10), 333), data);
}

TEST(GzipCompressorTest, CorruptDataNamesTheReason)
{
  auto compressed = compress(Compression::gzip, 6, sample_data(10000), 10000);
  compressed[compressed.size() - 6] = static_cast<char>(compressed[compressed.size() - 6] ^ 1); // CRC byte
  try {
    decompress(Compression::gzip, compressed, compressed.size());
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "corrupt gzip data (incorrect data check)");
  }
  try {
    decompress(Compression::gzip, "", 1);
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "corrupt gzip data (unexpected end of data)");
  }
}

} // namespace
} // namespace pycontainer::layer
