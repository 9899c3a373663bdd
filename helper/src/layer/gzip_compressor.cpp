#include "layer/gzip_codec.hpp"

#include "util/error.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pycontainer::layer {

namespace {

constexpr std::size_t k_output_buffer_size = 256 * 1024;
// zlib counts in uInt; larger writes are fed in pieces of this size.
constexpr std::size_t k_max_input_piece = std::size_t{1} << 30;
constexpr int k_raw_deflate_window_bits = -15;
constexpr int k_memory_level = 8;
constexpr unsigned char k_os_unknown = 255;

class GzipCompressor final : public Compressor {
public:
  GzipCompressor(int level, ByteSink sink) : m_sink(std::move(sink)), m_output(k_output_buffer_size)
  {
    if (deflateInit2(&m_stream, level, Z_DEFLATED, k_raw_deflate_window_bits, k_memory_level,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      throw Error("gzip: cannot initialise zlib deflate");
    }
    m_initialised = true;
    unsigned char extra_flags = level == 9 ? 2 : level == 1 ? 4 : 0;
    const std::array<unsigned char, 10> header = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, extra_flags, k_os_unknown};
    append(header.data(), header.size());
  }

  ~GzipCompressor() override
  {
    if (m_initialised) {
      deflateEnd(&m_stream);
    }
  }

  GzipCompressor(const GzipCompressor&) = delete;
  GzipCompressor& operator=(const GzipCompressor&) = delete;

  void write(const void* data, std::size_t size) override
  {
    const auto* bytes = static_cast<const unsigned char*>(data);
    while (size > 0) {
      std::size_t piece = std::min(size, k_max_input_piece);
      m_crc = crc32_z(m_crc, bytes, piece);
      m_input_size += piece;
      m_stream.next_in = const_cast<unsigned char*>(bytes);
      m_stream.avail_in = static_cast<uInt>(piece);
      while (m_stream.avail_in > 0) {
        deflate_into_buffer(Z_NO_FLUSH);
      }
      bytes += piece;
      size -= piece;
    }
  }

  void finish() override
  {
    m_stream.next_in = nullptr;
    m_stream.avail_in = 0;
    while (deflate_into_buffer(Z_FINISH) != Z_STREAM_END) {
    }
    std::array<unsigned char, 8> trailer{};
    put_le32(trailer.data(), static_cast<std::uint32_t>(m_crc));
    put_le32(trailer.data() + 4, static_cast<std::uint32_t>(m_input_size & 0xffffffffu));
    append(trailer.data(), trailer.size());
    flush_buffer();
  }

private:
  static void put_le32(unsigned char* out, std::uint32_t value)
  {
    for (int i = 0; i < 4; ++i) {
      out[i] = static_cast<unsigned char>(value >> (8 * i));
    }
  }

  // Runs deflate once into the free part of the output buffer, handing the buffer to the sink when
  // it is full; returns deflate's result.
  int deflate_into_buffer(int flush)
  {
    m_stream.next_out = m_output.data() + m_used;
    m_stream.avail_out = static_cast<uInt>(m_output.size() - m_used);
    int result = deflate(&m_stream, flush);
    if (result == Z_STREAM_ERROR) {
      throw Error("gzip: zlib deflate failed");
    }
    m_used = m_output.size() - m_stream.avail_out;
    if (m_used == m_output.size()) {
      flush_buffer();
    }
    return result;
  }

  void append(const unsigned char* data, std::size_t size)
  {
    if (m_output.size() - m_used < size) {
      flush_buffer();
    }
    std::copy(data, data + size, m_output.begin() + static_cast<std::ptrdiff_t>(m_used));
    m_used += size;
  }

  void flush_buffer()
  {
    if (m_used > 0) {
      m_sink(m_output.data(), m_used);
      m_used = 0;
    }
  }

  ByteSink m_sink;
  std::vector<unsigned char> m_output;
  std::size_t m_used = 0;
  z_stream m_stream{};
  bool m_initialised = false;
  uLong m_crc = crc32(0, nullptr, 0);
  std::uint64_t m_input_size = 0;
};

} // namespace

std::unique_ptr<Compressor> make_gzip_compressor(int level, ByteSink sink)
{
  if (level < 0 || level > 9) {
    throw UsageError("gzip compression level " + std::to_string(level) + " is out of range (0-9)");
  }
  return std::make_unique<GzipCompressor>(level, std::move(sink));
}

} // namespace pycontainer::layer
