#pragma once

#include "layer/compressor.hpp"
#include "layer/layer_writer.hpp"
#include "layout/layout.hpp"
#include "util/sha256.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace pycontainer::layer {

// The end of a layer's pipeline: takes the uncompressed tar stream, hashes it (the diff_id), counts
// it, compresses it and streams the compressed bytes into a new blob of the layout, which hashes them
// (the blob digest). One pass, fixed-size buffers. Without commit() the blob is abandoned.
class LayerBlobSink {
public:
  LayerBlobSink(const Options& options, const layout::Layout& layout);
  LayerBlobSink(const LayerBlobSink&) = delete;
  LayerBlobSink& operator=(const LayerBlobSink&) = delete;

  void write(const void* data, std::size_t size);
  // Finishes compression, commits the blob and describes it.
  Result commit(std::size_t entry_count);

private:
  oci::media_type::Compression m_compression;
  layout::BlobWriter m_blob;
  std::unique_ptr<Compressor> m_compressor;
  util::Sha256 m_diff_id;
  std::uint64_t m_tar_size = 0;
};

} // namespace pycontainer::layer
