#include "layer/layer_blob_sink.hpp"

namespace pycontainer::layer {

LayerBlobSink::LayerBlobSink(const Options& options, const layout::Layout& layout)
  : m_compression(options.compression),
    m_blob(layout.begin_blob()),
    m_compressor(make_compressor(
      options.compression, options.level, [this](const void* data, std::size_t size) { m_blob.write(data, size); },
      options.threads))
{
}

void LayerBlobSink::write(const void* data, std::size_t size)
{
  m_diff_id.update(data, size);
  m_tar_size += size;
  m_compressor->write(data, size);
}

Result LayerBlobSink::commit(std::size_t entry_count)
{
  m_compressor->finish();
  auto [digest, size] = m_blob.commit();
  Result result;
  result.descriptor.media_type = layer_media_type(m_compression);
  result.descriptor.digest = std::move(digest);
  result.descriptor.size = size;
  result.diff_id = oci::Digest::from_sha256_hex(m_diff_id.finish_hex());
  result.tar_size = m_tar_size;
  result.entry_count = entry_count;
  return result;
}

} // namespace pycontainer::layer
