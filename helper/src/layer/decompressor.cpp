#include "layer/decompressor.hpp"

#include "layer/gzip_codec.hpp"
#include "layer/zstd_codec.hpp"

namespace pycontainer::layer {

namespace {

// Compression::none: the blob is the tar.
class PassThroughDecompressor final : public Decompressor {
public:
  explicit PassThroughDecompressor(ByteSink sink) : m_sink(std::move(sink)) {}
  void write(const void* data, std::size_t size) override { m_sink(data, size); }
  void finish() override {}

private:
  ByteSink m_sink;
};

} // namespace

std::unique_ptr<Decompressor> make_decompressor(oci::media_type::Compression compression, ByteSink sink)
{
  using oci::media_type::Compression;
  switch (compression) {
  case Compression::gzip:
    return make_gzip_decompressor(std::move(sink));
  case Compression::zstd:
    return make_zstd_decompressor(std::move(sink));
  case Compression::none:
    break;
  }
  return std::make_unique<PassThroughDecompressor>(std::move(sink));
}

} // namespace pycontainer::layer
