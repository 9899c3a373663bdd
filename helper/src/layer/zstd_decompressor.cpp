#include "layer/zstd_codec.hpp"

#include "util/error.hpp"

#include <zstd.h>

#include <string>
#include <vector>

namespace pycontainer::layer {

namespace {

constexpr std::size_t k_zstd_decompress_buffer_size = 256 * 1024;

[[noreturn]] void throw_corrupt_zstd(std::string_view reason)
{
  throw Error("corrupt zstd data (" + std::string(reason) + ")");
}

class ZstdDecompressor final : public Decompressor {
public:
  explicit ZstdDecompressor(ByteSink sink)
    : m_sink(std::move(sink)), m_output(k_zstd_decompress_buffer_size), m_context(ZSTD_createDCtx())
  {
    if (!m_context) {
      throw Error("zstd: cannot create a decompression context");
    }
  }

  ~ZstdDecompressor() override { ZSTD_freeDCtx(m_context); }

  ZstdDecompressor(const ZstdDecompressor&) = delete;
  ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

  void write(const void* data, std::size_t size) override
  {
    if (size > 0) {
      m_seen_input = true;
    }
    ZSTD_inBuffer input{data, size, 0};
    bool output_pending = false;
    while (input.pos < input.size || output_pending) {
      ZSTD_outBuffer output{m_output.data(), m_output.size(), 0};
      std::size_t result = ZSTD_decompressStream(m_context, &output, &input);
      if (ZSTD_isError(result)) {
        throw_corrupt_zstd(ZSTD_getErrorName(result));
      }
      // 0: a frame is complete and fully flushed. Calling again without input would start on
      // the next frame (and report that as unfinished), so drain a full buffer only otherwise.
      m_at_frame_end = result == 0;
      if (output.pos > 0) {
        m_sink(m_output.data(), output.pos);
      }
      output_pending = output.pos == output.size && !m_at_frame_end;
    }
  }

  void finish() override
  {
    if (!m_seen_input || !m_at_frame_end) {
      throw_corrupt_zstd("unexpected end of data");
    }
  }

private:
  ByteSink m_sink;
  std::vector<unsigned char> m_output;
  ZSTD_DCtx* m_context;
  bool m_seen_input = false;
  bool m_at_frame_end = false;
};

} // namespace

std::unique_ptr<Decompressor> make_zstd_decompressor(ByteSink sink)
{
  return std::make_unique<ZstdDecompressor>(std::move(sink));
}

} // namespace pycontainer::layer
