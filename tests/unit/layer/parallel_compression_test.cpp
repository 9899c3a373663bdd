#include "layer/compressor.hpp"
#include "layer/decompressor.hpp"
#include "layer/gzip_codec.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>

namespace pycontainer::layer {
namespace {

using oci::media_type::Compression;

// Text-like and compressible, with some noise so blocks differ.
std::string sample_data(std::size_t size)
{
  std::string data;
  std::uint32_t state = 1;
  for (std::uint32_t i = 0; data.size() < size; ++i) {
    state = state * 1103515245u + 12345u;
    data += "import module_" + std::to_string(i % 977) + " # " + std::to_string(state >> 20) + "\n";
  }
  data.resize(size);
  return data;
}

std::string compress(Compression compression, int level, unsigned threads, const std::string& data,
                     std::size_t chunk)
{
  std::string out;
  auto compressor = make_compressor(
    compression, level, [&out](const void* bytes, std::size_t size) { out.append(static_cast<const char*>(bytes), size); },
    threads);
  for (std::size_t offset = 0; offset < data.size(); offset += chunk) {
    compressor->write(data.data() + offset, std::min(chunk, data.size() - offset));
  }
  compressor->finish();
  return out;
}

std::string decompress(Compression compression, const std::string& data)
{
  std::string out;
  auto decompressor = make_decompressor(
    compression, [&out](const void* bytes, std::size_t size) { out.append(static_cast<const char*>(bytes), size); });
  decompressor->write(data.data(), data.size());
  decompressor->finish();
  return out;
}

class ParallelCompressionTest : public ::testing::TestWithParam<Compression> {
protected:
  int level() const { return GetParam() == Compression::zstd ? 3 : 6; }
};

TEST_P(ParallelCompressionTest, BytesDoNotDependOnTheThreadCount)
{
  // Several gzip blocks and several zstd jobs (2 MiB), ending mid-block.
  auto data = sample_data(5 * 1024 * 1024 + 12345);
  auto one = compress(GetParam(), level(), 1, data, 100000);
  EXPECT_EQ(decompress(GetParam(), one), data);
  for (unsigned threads : {2u, 3u, 8u, 0u}) {
    SCOPED_TRACE(threads);
    EXPECT_EQ(compress(GetParam(), level(), threads, data, 65536), one);
  }
  EXPECT_EQ(compress(GetParam(), level(), 2, data, data.size()), one);
}

TEST_P(ParallelCompressionTest, InputOfWholeBlocksAndEmptyInput)
{
  auto data = sample_data(4 * k_gzip_block_size);
  auto one = compress(GetParam(), level(), 1, data, 4096);
  EXPECT_EQ(decompress(GetParam(), one), data);
  EXPECT_EQ(compress(GetParam(), level(), 4, data, 4096), one);
  EXPECT_EQ(decompress(GetParam(), compress(GetParam(), level(), 4, "", 1)), "");
  EXPECT_EQ(compress(GetParam(), level(), 4, "", 1), compress(GetParam(), level(), 1, "", 1));
}

TEST_P(ParallelCompressionTest, AbandonedCompressorStopsCleanly)
{
  auto data = sample_data(3 * 1024 * 1024);
  std::string out;
  auto compressor = make_compressor(
    GetParam(), level(), [&out](const void* bytes, std::size_t size) { out.append(static_cast<const char*>(bytes), size); },
    4);
  compressor->write(data.data(), data.size());
  compressor.reset(); // no finish(): must neither hang nor crash
  SUCCEED();
}

INSTANTIATE_TEST_SUITE_P(Compressed, ParallelCompressionTest, ::testing::Values(Compression::gzip, Compression::zstd),
                         [](const auto& info) { return std::string(info.param == Compression::gzip ? "gzip" : "zstd"); });

TEST(ParallelGzipTest, EveryLevelRoundTripsAndIgnoresThreads)
{
  auto data = sample_data(3 * k_gzip_block_size + 777);
  for (int level = 0; level <= 9; ++level) {
    SCOPED_TRACE(level);
    auto one = compress(Compression::gzip, level, 1, data, data.size());
    EXPECT_EQ(decompress(Compression::gzip, one), data);
    EXPECT_EQ(compress(Compression::gzip, level, 3, data, 1000), one);
  }
}

TEST(ParallelGzipTest, OneMemberWithTheWholeStreamsCrcAndSize)
{
  auto data = sample_data(3 * k_gzip_block_size + 5);
  auto out = compress(Compression::gzip, 6, 2, data, data.size());
  ASSERT_GT(out.size(), 18u);
  // One fixed header (level 6: XFL 0), and a trailer over the whole input.
  EXPECT_EQ(out.substr(0, 10), std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10));
  auto trailer = out.substr(out.size() - 8);
  std::uint32_t size = 0;
  for (int i = 3; i >= 0; --i) {
    size = (size << 8) | static_cast<unsigned char>(trailer[4 + i]);
  }
  EXPECT_EQ(size, data.size());
}

TEST(ParallelGzipTest, SinkErrorsReachTheWriter)
{
  auto data = sample_data(2 * 1024 * 1024);
  auto compressor = make_compressor(
    Compression::gzip, 6,
    [](const void*, std::size_t size) {
      if (size > 100) {
        throw Error("disk full");
      }
    },
    2);
  EXPECT_THROW(
    {
      compressor->write(data.data(), data.size());
      compressor->finish();
    },
    Error);
}

} // namespace
} // namespace pycontainer::layer
