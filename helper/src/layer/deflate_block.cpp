#include "layer/deflate_block.hpp"

#include "util/error.hpp"

#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <string>

namespace pycontainer::layer {

namespace {

constexpr int k_raw_deflate_window_bits = -15;
constexpr int k_memory_level = 8;

// Room for a block that does not compress, with its block headers and flush marker; grown if short.
std::size_t output_bound(std::size_t size)
{
  return size + size / 8 + 1024;
}

// ISA-L's igzip, levels 1 and 2 only: their output is the same on every x86-64 CPU with SSE4.2,
// whichever of ISA-L's SIMD kernels runs, while level 3's differs between the SSE, AVX2 and AVX-512
// kernels (measured under qemu: bench/cpu_determinism.sh). The "small" level buffer bounds deflate
// blocks to ~16 Ki tokens, so Huffman codes fit the data closer: 0.3 % smaller than the default (64 Ki
// tokens) for 5 % of its speed.
class IsalBlockEncoder final : public DeflateBlockEncoder {
public:
  explicit IsalBlockEncoder(unsigned level) : m_level(level), m_level_buffer(level_buffer_size(level)) {}

  void encode(std::span<const unsigned char> dictionary, std::span<const unsigned char> block, bool last,
              std::vector<unsigned char>& output) override
  {
    isal_deflate_init(&m_stream);
    m_stream.level = m_level;
    m_stream.level_buf = m_level_buffer.data();
    m_stream.level_buf_size = static_cast<std::uint32_t>(m_level_buffer.size());
    m_stream.gzip_flag = IGZIP_DEFLATE;
    if (!dictionary.empty()) {
      if (dictionary.size() > k_deflate_window) {
        dictionary = dictionary.subspan(dictionary.size() - k_deflate_window);
      }
      check(isal_deflate_set_dict(&m_stream, const_cast<unsigned char*>(dictionary.data()),
                                  static_cast<std::uint32_t>(dictionary.size())));
    }
    m_stream.next_in = const_cast<unsigned char*>(block.data());
    m_stream.avail_in = static_cast<std::uint32_t>(block.size());
    m_stream.end_of_stream = last ? 1 : 0;
    m_stream.flush = last ? NO_FLUSH : SYNC_FLUSH;
    output.resize(output_bound(block.size()));
    std::size_t used = 0;
    for (;;) {
      m_stream.next_out = output.data() + used;
      m_stream.avail_out = static_cast<std::uint32_t>(output.size() - used);
      check(isal_deflate(&m_stream));
      used = output.size() - m_stream.avail_out;
      bool flushed = m_stream.avail_in == 0 && m_stream.avail_out > 0 &&
                     (!last || m_stream.internal_state.state == ZSTATE_END);
      if (flushed) {
        break;
      }
      output.resize(output.size() * 2);
    }
    output.resize(used);
  }

private:
  static std::size_t level_buffer_size(unsigned level)
  {
    return level == 1 ? ISAL_DEF_LVL1_SMALL : ISAL_DEF_LVL2_SMALL;
  }

  static void check(int result)
  {
    if (result != COMP_OK) {
      throw Error("gzip: ISA-L deflate failed (error " + std::to_string(result) + ")");
    }
  }

  unsigned m_level;
  std::vector<unsigned char> m_level_buffer;
  isal_zstream m_stream{};
};

// zlib, for stored blocks (level 0), the levels that trade time for size (7-9) and the text blocks of
// level 6.
class ZlibBlockEncoder final : public DeflateBlockEncoder {
public:
  explicit ZlibBlockEncoder(int level) : m_level(level)
  {
    if (deflateInit2(&m_stream, level, Z_DEFLATED, k_raw_deflate_window_bits, k_memory_level, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      throw Error("gzip: cannot initialise zlib deflate");
    }
  }

  ~ZlibBlockEncoder() override { deflateEnd(&m_stream); }
  ZlibBlockEncoder(const ZlibBlockEncoder&) = delete;
  ZlibBlockEncoder& operator=(const ZlibBlockEncoder&) = delete;

  void encode(std::span<const unsigned char> dictionary, std::span<const unsigned char> block, bool last,
              std::vector<unsigned char>& output) override
  {
    if (deflateReset(&m_stream) != Z_OK) {
      throw Error("gzip: zlib deflate failed");
    }
    if (!dictionary.empty() && m_level > 0) {
      if (dictionary.size() > k_deflate_window) {
        dictionary = dictionary.subspan(dictionary.size() - k_deflate_window);
      }
      if (deflateSetDictionary(&m_stream, dictionary.data(), static_cast<uInt>(dictionary.size())) != Z_OK) {
        throw Error("gzip: zlib deflate failed (dictionary)");
      }
    }
    m_stream.next_in = const_cast<unsigned char*>(block.data());
    m_stream.avail_in = static_cast<uInt>(block.size());
    int flush = last ? Z_FINISH : Z_SYNC_FLUSH;
    output.resize(output_bound(block.size()));
    std::size_t used = 0;
    for (;;) {
      m_stream.next_out = output.data() + used;
      m_stream.avail_out = static_cast<uInt>(output.size() - used);
      int result = deflate(&m_stream, flush);
      if (result == Z_STREAM_ERROR) {
        throw Error("gzip: zlib deflate failed");
      }
      used = output.size() - m_stream.avail_out;
      bool flushed = last ? result == Z_STREAM_END : m_stream.avail_in == 0 && m_stream.avail_out > 0;
      if (flushed) {
        break;
      }
      output.resize(output.size() * 2);
    }
    output.resize(used);
  }

private:
  int m_level;
  z_stream m_stream{};
};

// gzip level 6: ISA-L level 2, except for blocks it compresses below 15 %: text (Python sources, docs),
// where its greedy one-candidate matching loses the most (~30 % larger than zlib -6, against ~10 % on
// binaries). Those are compressed again by zlib level 5 and the smaller result kept (measured:
// README.md, "Compression"). The choice depends only on the block and its dictionary.
class TextAwareBlockEncoder final : public DeflateBlockEncoder {
public:
  TextAwareBlockEncoder() : m_isal(2), m_zlib(5) {}

  void encode(std::span<const unsigned char> dictionary, std::span<const unsigned char> block, bool last,
              std::vector<unsigned char>& output) override
  {
    constexpr std::size_t k_text_percent = 15;
    m_isal.encode(dictionary, block, last, output);
    if (output.size() * 100 >= block.size() * k_text_percent) {
      return;
    }
    m_zlib.encode(dictionary, block, last, m_alternative);
    if (m_alternative.size() < output.size()) {
      output.swap(m_alternative);
    }
  }

private:
  IsalBlockEncoder m_isal;
  ZlibBlockEncoder m_zlib;
  std::vector<unsigned char> m_alternative;
};

} // namespace

std::unique_ptr<DeflateBlockEncoder> make_deflate_block_encoder(int level)
{
  if (level == 1) {
    return std::make_unique<IsalBlockEncoder>(1);
  }
  if (level >= 2 && level <= 5) {
    return std::make_unique<IsalBlockEncoder>(2);
  }
  if (level == 6) {
    return std::make_unique<TextAwareBlockEncoder>();
  }
  return std::make_unique<ZlibBlockEncoder>(level);
}

} // namespace pycontainer::layer
