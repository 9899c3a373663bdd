#include "layer/compressor.hpp"

#include "layer/gzip_codec.hpp"
#include "layer/zstd_codec.hpp"
#include "util/thread_budget.hpp"

#include <algorithm>

namespace pycontainer::layer {

namespace {

// Compression::none: the tar goes into the blob as it is.
class PassThroughCompressor final : public Compressor {
public:
  explicit PassThroughCompressor(ByteSink sink) : m_sink(std::move(sink)) {}
  void write(const void* data, std::size_t size) override { m_sink(data, size); }
  void finish() override {}

private:
  ByteSink m_sink;
};

} // namespace

unsigned compression_threads(unsigned threads)
{
  if (threads == 0) {
    threads = util::thread_budget();
  }
  return std::min(threads, k_max_compression_threads);
}

std::unique_ptr<Compressor> make_compressor(oci::media_type::Compression compression, int level, ByteSink sink,
                                            unsigned threads)
{
  using oci::media_type::Compression;
  switch (compression) {
  case Compression::gzip:
    return make_gzip_compressor(level, compression_threads(threads), std::move(sink));
  case Compression::zstd:
    return make_zstd_compressor(level, compression_threads(threads), std::move(sink));
  case Compression::none:
    break;
  }
  return std::make_unique<PassThroughCompressor>(std::move(sink));
}

} // namespace pycontainer::layer
