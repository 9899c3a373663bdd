#include "layer/gzip_codec.hpp"

#include "util/error.hpp"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace pycontainer::layer {

namespace {

constexpr std::size_t k_inflate_buffer_size = 256 * 1024;
constexpr std::size_t k_max_input_piece = std::size_t{1} << 30;

[[noreturn]] void throw_corrupt_gzip(std::string_view reason)
{
  throw Error("corrupt gzip data (" + std::string(reason) + ")");
}

std::string_view reason_of(int result)
{
  switch (result) {
  case ISAL_INVALID_WRAPPER:
    return "incorrect header check";
  case ISAL_UNSUPPORTED_METHOD:
    return "unknown compression method";
  case ISAL_INCORRECT_CHECKSUM:
    return "incorrect data check";
  case ISAL_INVALID_BLOCK:
    return "invalid block";
  case ISAL_INVALID_SYMBOL:
    return "invalid code";
  case ISAL_INVALID_LOOKBACK:
    return "invalid distance too far back";
  case ISAL_NEED_DICT:
    return "needs a preset dictionary";
  default:
    return "invalid data";
  }
}

// ISA-L's inflate: 2.4 times zlib's speed on a 70 MB base layer here (0.32 against 0.76 s), and a base
// layer is read whole when the base is first inspected. ISAL_GZIP parses each member's header and checks
// its trailer (CRC-32 and size).
class GzipDecompressor final : public Decompressor {
public:
  explicit GzipDecompressor(ByteSink sink) : m_sink(std::move(sink)), m_output(k_inflate_buffer_size)
  {
    start_member();
  }

  void write(const void* data, std::size_t size) override
  {
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    while (size > 0) {
      std::size_t piece = std::min(size, k_max_input_piece);
      inflate_piece(bytes, piece);
      bytes += piece;
      size -= piece;
    }
  }

  void finish() override
  {
    if (m_state.block_state != ISAL_BLOCK_FINISH) {
      throw_corrupt_gzip("unexpected end of data");
    }
  }

private:
  void start_member()
  {
    isal_inflate_init(&m_state);
    m_state.crc_flag = ISAL_GZIP;
  }

  void inflate_piece(const std::uint8_t* bytes, std::size_t size)
  {
    m_state.next_in = const_cast<std::uint8_t*>(bytes);
    m_state.avail_in = static_cast<std::uint32_t>(size);
    for (;;) {
      if (m_state.block_state == ISAL_BLOCK_FINISH) {
        if (m_state.avail_in == 0) {
          return;
        }
        // Another member follows (`cat a.gz b.gz` is valid gzip).
        auto* next_in = m_state.next_in;
        auto avail_in = m_state.avail_in;
        start_member();
        m_state.next_in = next_in;
        m_state.avail_in = avail_in;
      }
      std::uint32_t input_before = m_state.avail_in;
      m_state.next_out = m_output.data();
      m_state.avail_out = static_cast<std::uint32_t>(m_output.size());
      int result = isal_inflate(&m_state);
      if (result != ISAL_DECOMP_OK && result != ISAL_END_INPUT && result != ISAL_OUT_OVERFLOW) {
        throw_corrupt_gzip(reason_of(result));
      }
      std::size_t produced = m_output.size() - m_state.avail_out;
      if (produced > 0) {
        m_sink(m_output.data(), produced);
      }
      bool output_full = m_state.avail_out == 0;
      if (!output_full && m_state.avail_in == 0 && m_state.block_state != ISAL_BLOCK_FINISH) {
        return; // needs more input
      }
      if (!output_full && produced == 0 && m_state.avail_in == input_before && m_state.block_state != ISAL_BLOCK_FINISH) {
        throw_corrupt_gzip("no progress"); // never spin
      }
    }
  }

  ByteSink m_sink;
  std::vector<std::uint8_t> m_output;
  inflate_state m_state{};
};

} // namespace

std::unique_ptr<Decompressor> make_gzip_decompressor(ByteSink sink)
{
  return std::make_unique<GzipDecompressor>(std::move(sink));
}

} // namespace pycontainer::layer
