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

Bytes noise(std::size_t size)
{
  Bytes data(size);
  std::uint32_t state = 12345;
  for (auto& byte : data) {
    state = state * 1103515245u + 12345u;
    byte = static_cast<unsigned char>(state >> 24);
  }
  return data;
}

TEST(DeflateBlockTest, IncompressibleAndEmptyBlocks)
{
  auto random = noise(200 * 1024);
  for (int level : {0, 1, 3, 6, 9}) {
    SCOPED_TRACE(level);
    EXPECT_EQ(inflate_raw(compress_in_blocks(level, random, 64 * 1024), random.size()), random);
    EXPECT_EQ(inflate_raw(compress_in_blocks(level, {}, 64 * 1024), 0), Bytes{});
  }
}

// Lines of words picked at random from two: ISA-L compresses it to ~11 %, zlib to about half of that.
Bytes two_word_text(std::size_t size)
{
  Bytes data;
  std::uint32_t state = 1;
  while (data.size() < size) {
    state = state * 1103515245u + 12345u;
    std::string word = (state >> 16) % 2 ? "request " : "return ";
    data.insert(data.end(), word.begin(), word.end());
    if ((state >> 8) % 6 == 0) {
      data.push_back('\n');
    }
  }
  data.resize(size);
  return data;
}

TEST(DeflateBlockTest, Level6RecompressesOnlyTextBlocks)
{
  // Text that compresses below 15 % goes to zlib too, which makes it smaller than ISA-L alone (level
  // 5); noise stays ISA-L's. Blocks of both kinds joined are still one stream.
  auto text = two_word_text(256 * 1024);
  EXPECT_LT(compress_in_blocks(6, text, 64 * 1024).size(), compress_in_blocks(5, text, 64 * 1024).size());
  auto random = noise(256 * 1024);
  EXPECT_EQ(compress_in_blocks(6, random, 64 * 1024), compress_in_blocks(5, random, 64 * 1024));
  Bytes mixed;
  for (std::size_t i = 0; i < 4; ++i) {
    mixed.insert(mixed.end(), text.begin() + i * 32 * 1024, text.begin() + (i + 1) * 32 * 1024);
    mixed.insert(mixed.end(), random.begin() + i * 32 * 1024, random.begin() + (i + 1) * 32 * 1024);
  }
  EXPECT_EQ(inflate_raw(compress_in_blocks(6, mixed, 32 * 1024), mixed.size()), mixed);
}

} // namespace
} // namespace pycontainer::layer
