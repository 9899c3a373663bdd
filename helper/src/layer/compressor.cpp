#include "layer/compressor.hpp"

#include "layer/gzip_codec.hpp"
#include "layer/zstd_codec.hpp"

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

std::unique_ptr<Compressor> make_compressor(oci::media_type::Compression compression, int level, ByteSink sink)
{
  using oci::media_type::Compression;
  switch (compression) {
  case Compression::gzip:
    return make_gzip_compressor(level, std::move(sink));
  case Compression::zstd:
    return make_zstd_compressor(level, std::move(sink));
  case Compression::none:
    break;
  }
  return std::make_unique<PassThroughCompressor>(std::move(sink));
}

} // namespace pycontainer::layer
