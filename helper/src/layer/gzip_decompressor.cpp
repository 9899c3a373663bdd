#include "layer/gzip_codec.hpp"

#include "util/error.hpp"

#include <zlib.h>

#include <algorithm>
#include <string>
#include <vector>

namespace pycontainer::layer {

namespace {

constexpr std::size_t k_output_buffer_size = 256 * 1024;
constexpr std::size_t k_max_input_piece = std::size_t{1} << 30;
// 15-bit window, gzip or zlib header detected automatically.
constexpr int k_auto_header_window_bits = 15 + 32;

[[noreturn]] void throw_corrupt(std::string_view reason)
{
  throw Error("corrupt gzip data (" + std::string(reason) + ")");
}

class GzipDecompressor final : public Decompressor {
public:
  explicit GzipDecompressor(ByteSink sink) : m_sink(std::move(sink)), m_output(k_output_buffer_size)
  {
    if (inflateInit2(&m_stream, k_auto_header_window_bits) != Z_OK) {
      throw Error("gzip: cannot initialise zlib inflate");
    }
    m_initialised = true;
  }

  ~GzipDecompressor() override
  {
    if (m_initialised) {
      inflateEnd(&m_stream);
    }
  }

  GzipDecompressor(const GzipDecompressor&) = delete;
  GzipDecompressor& operator=(const GzipDecompressor&) = delete;

  void write(const void* data, std::size_t size) override
  {
    const auto* bytes = static_cast<const unsigned char*>(data);
    while (size > 0) {
      std::size_t piece = std::min(size, k_max_input_piece);
      inflate_piece(bytes, piece);
      bytes += piece;
      size -= piece;
    }
  }

  void finish() override
  {
    if (!m_at_member_end) {
      throw_corrupt("unexpected end of data");
    }
  }

private:
  void inflate_piece(const unsigned char* bytes, std::size_t size)
  {
    m_stream.next_in = const_cast<unsigned char*>(bytes);
    m_stream.avail_in = static_cast<uInt>(size);
    bool output_pending = false;
    while (m_stream.avail_in > 0 || output_pending) {
      if (m_at_member_end) {
        if (m_stream.avail_in == 0) {
          break;
        }
        // Another member follows (`cat a.gz b.gz` is valid gzip).
        inflateReset(&m_stream);
        m_at_member_end = false;
      }
      output_pending = inflate_once();
    }
  }

  // Runs inflate once into the output buffer and hands what it produced to the sink. Returns true
  // when the buffer was filled, so more output may be pending.
  bool inflate_once()
  {
    uInt input_before = m_stream.avail_in;
    m_stream.next_out = m_output.data();
    m_stream.avail_out = static_cast<uInt>(m_output.size());
    int result = inflate(&m_stream, Z_NO_FLUSH);
    std::size_t produced = m_output.size() - m_stream.avail_out;
    switch (result) {
    case Z_OK:
      break;
    case Z_STREAM_END:
      m_at_member_end = true;
      break;
    case Z_BUF_ERROR:
      // No progress possible: fine when all input is used, impossible otherwise; never spin.
      if (produced == 0 && m_stream.avail_in > 0 && m_stream.avail_in == input_before) {
        throw_corrupt("no progress");
      }
      break;
    case Z_NEED_DICT:
      throw_corrupt("needs a preset dictionary");
    case Z_MEM_ERROR:
      throw Error("gzip: out of memory");
    default:
      throw_corrupt(m_stream.msg ? m_stream.msg : "invalid data");
    }
    if (produced > 0) {
      m_sink(m_output.data(), produced);
    }
    return m_stream.avail_out == 0;
  }

  ByteSink m_sink;
  std::vector<unsigned char> m_output;
  z_stream m_stream{};
  bool m_initialised = false;
  bool m_at_member_end = false;
};

} // namespace

std::unique_ptr<Decompressor> make_gzip_decompressor(ByteSink sink)
{
  return std::make_unique<GzipDecompressor>(std::move(sink));
}

} // namespace pycontainer::layer
