#include "layer/zstd_codec.hpp"

#include "util/error.hpp"

#include <zstd.h>

#include <algorithm>
#include <string>
#include <vector>

namespace pycontainer::layer {

namespace {

constexpr std::size_t k_zstd_output_buffer_size = 256 * 1024;
// Input per job of libzstd's workers: fixed (libzstd's default grows with the level's window), so memory
// stays flat. A context holds ~12 jobs of buffers: with two layers packed at once, 2 MiB jobs took the
// bench build to 66 MB of RSS, 1 MiB to 54 MB, for 1.2 % more bytes (README.md, "Compression").
constexpr std::size_t k_job_size = 1024 * 1024;

void check(std::size_t result, std::string_view what)
{
  if (ZSTD_isError(result)) {
    throw Error("zstd: " + std::string(what) + ": " + ZSTD_getErrorName(result));
  }
}

class ZstdCompressor final : public Compressor {
public:
  ZstdCompressor(int level, unsigned threads, ByteSink sink)
    : m_sink(std::move(sink)), m_output(k_zstd_output_buffer_size), m_context(ZSTD_createCCtx())
  {
    if (!m_context) {
      throw Error("zstd: cannot create a compression context");
    }
    // Every parameter that changes the bytes is set explicitly, so a libzstd with other defaults
    // still gives the same frame.
    check(ZSTD_CCtx_setParameter(m_context, ZSTD_c_compressionLevel, level), "set level");
    check(ZSTD_CCtx_setParameter(m_context, ZSTD_c_checksumFlag, 1), "set checksum flag");
    check(ZSTD_CCtx_setParameter(m_context, ZSTD_c_contentSizeFlag, 0), "set content size flag");
    check(ZSTD_CCtx_setParameter(m_context, ZSTD_c_dictIDFlag, 0), "set dictionary id flag");
    // Workers only change the speed; the job size they share the input in is fixed, so the frame is
    // the same for any number of them.
    check(ZSTD_CCtx_setParameter(m_context, ZSTD_c_nbWorkers, static_cast<int>(std::max(threads, 1u))),
          "set workers (libzstd built without threads?)");
    check(ZSTD_CCtx_setParameter(m_context, ZSTD_c_jobSize, static_cast<int>(k_job_size)), "set job size");
  }

  ~ZstdCompressor() override { ZSTD_freeCCtx(m_context); }

  ZstdCompressor(const ZstdCompressor&) = delete;
  ZstdCompressor& operator=(const ZstdCompressor&) = delete;

  void write(const void* data, std::size_t size) override
  {
    ZSTD_inBuffer input{data, size, 0};
    while (input.pos < input.size) {
      compress_into_buffer(input, ZSTD_e_continue);
    }
  }

  void finish() override
  {
    ZSTD_inBuffer input{nullptr, 0, 0};
    while (compress_into_buffer(input, ZSTD_e_end) != 0) {
    }
    flush_buffer();
  }

private:
  // Runs the compressor once into the free part of the output buffer, handing the buffer to the sink
  // when it is full; returns what ZSTD_compressStream2 returned (for ZSTD_e_end: bytes left to flush).
  std::size_t compress_into_buffer(ZSTD_inBuffer& input, ZSTD_EndDirective directive)
  {
    ZSTD_outBuffer output{m_output.data(), m_output.size(), m_used};
    std::size_t result = ZSTD_compressStream2(m_context, &output, &input, directive);
    check(result, "compress");
    m_used = output.pos;
    if (m_used == m_output.size()) {
      flush_buffer();
    }
    return result;
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
  ZSTD_CCtx* m_context;
};

} // namespace

std::unique_ptr<Compressor> make_zstd_compressor(int level, unsigned threads, ByteSink sink)
{
  if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel()) {
    throw UsageError("zstd compression level " + std::to_string(level) + " is out of range (" +
                     std::to_string(ZSTD_minCLevel()) + " to " + std::to_string(ZSTD_maxCLevel()) + ")");
  }
  return std::make_unique<ZstdCompressor>(level, threads, std::move(sink));
}

} // namespace pycontainer::layer
