#pragma once

#include "layer/byte_sink.hpp"
#include "oci/media_types.hpp"

#include <cstddef>
#include <memory>

namespace pycontainer::layer {

// A streaming decompressor: write() the compressed bytes in any chunking, then finish() once. The
// decompressed bytes go to the sink in fixed-size buffers. Corrupt data throws Error
// "corrupt gzip data (<reason>)" (or zstd); data that stops before the end of the stream throws the
// same from finish() with the reason "unexpected end of data".
class Decompressor {
public:
  virtual ~Decompressor() = default;
  virtual void write(const void* data, std::size_t size) = 0;
  virtual void finish() = 0;
};

// gzip accepts concatenated members (as `gzip -d` does); zstd accepts concatenated frames.
std::unique_ptr<Decompressor> make_decompressor(oci::media_type::Compression compression, ByteSink sink);

} // namespace pycontainer::layer
