#include "layer/deflate_block.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pycontainer::layer {
namespace {

using Bytes = std::vector<unsigned char>;

Bytes sample(std::size_t size)
{
  Bytes data;
  std::string line;
  for (std::uint32_t i = 0; data.size() < size; ++i) {
    line = "def handler_" + std::to_string(i * 2654435761u % 5000) + "(request): return request\n";
    data.insert(data.end(), line.begin(), line.end());
  }
  data.resize(size);
  return data;
}

// Inflates a raw deflate stream with zlib; fails the test if it is not one complete stream.
Bytes inflate_raw(const Bytes& compressed, std::size_t expected_size)
{
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, -15), Z_OK);
  Bytes out(expected_size + 1);
  stream.next_in = const_cast<unsigned char*>(compressed.data());
  stream.avail_in = static_cast<uInt>(compressed.size());
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  EXPECT_EQ(stream.avail_in, 0u) << "bytes after the final block";
  out.resize(out.size() - stream.avail_out);
  inflateEnd(&stream);
  return out;
}

// Compresses `data` in blocks of `block_size` the way the gzip compressor does, and joins them.
Bytes compress_in_blocks(int level, const Bytes& data, std::size_t block_size)
{
  auto encoder = make_deflate_block_encoder(level);
  Bytes joined, block_out;
  std::span<const unsigned char> all(data);
  std::size_t offset = 0;
  do {
    std::size_t size = std::min(block_size, data.size() - offset);
    std::size_t dictionary = std::min(offset, k_deflate_window);
    bool last = offset + size == data.size();
    encoder->encode(all.subspan(offset - dictionary, dictionary), all.subspan(offset, size), last, block_out);
    if (!last) {
      // A sync flush: the block ends on a byte boundary with an empty stored block.
      EXPECT_GE(block_out.size(), 4u);
      EXPECT_EQ(Bytes(block_out.end() - 4, block_out.end()), (Bytes{0x00, 0x00, 0xff, 0xff}));
    }
    joined.insert(joined.end(), block_out.begin(), block_out.end());
    offset += size;
  } while (offset < data.size());
  return joined;
}

TEST(DeflateBlockTest, JoinedBlocksAreOneStreamAtEveryLevel)
{
  auto data = sample(300 * 1000);
  for (int level = 0; level <= 9; ++level) {
    SCOPED_TRACE(level);
    EXPECT_EQ(inflate_raw(compress_in_blocks(level, data, 64 * 1024), data.size()), data);
  }
}

TEST(DeflateBlockTest, DictionaryReachesAcrossTheCut)
{
  // The second block repeats the first: primed with it, it compresses to almost nothing.
  auto half = sample(16 * 1024);
  Bytes data = half;
  data.insert(data.end(), half.begin(), half.end());
  auto joined = compress_in_blocks(6, data, half.size());
  auto alone = compress_in_blocks(6, half, half.size());
  EXPECT_LT(joined.size(), alone.size() + alone.size() / 4);
  EXPECT_EQ(inflate_raw(joined, data.size()), data);
}

TEST(DeflateBlockTest, IncompressibleAndEmptyBlocks)
{
  Bytes noise(200 * 1024);
  std::uint32_t state = 12345;
  for (auto& byte : noise) {
    state = state * 1103515245u + 12345u;
    byte = static_cast<unsigned char>(state >> 24);
  }
  for (int level : {0, 1, 3, 6, 9}) {
    SCOPED_TRACE(level);
    EXPECT_EQ(inflate_raw(compress_in_blocks(level, noise, 64 * 1024), noise.size()), noise);
    EXPECT_EQ(inflate_raw(compress_in_blocks(level, {}, 64 * 1024), 0), Bytes{});
  }
}

} // namespace
} // namespace pycontainer::layer
