#pragma once

#include "layer/byte_sink.hpp"
#include "oci/media_types.hpp"

#include <cstddef>
#include <memory>

namespace pycontainer::layer {

// A streaming compressor: write() the uncompressed bytes in any chunking, then finish() once. The
// output goes to the sink in fixed-size buffers, so memory stays flat, and depends only on the bytes
// and the level, never on how they were chunked, on the thread count or on the time: the same tar gives
// the same blob.
class Compressor {
public:
  virtual ~Compressor() = default;
  virtual void write(const void* data, std::size_t size) = 0;
  // Flushes everything (and the format's trailer) to the sink. Nothing may be written afterwards.
  virtual void finish() = 0;
};

// More threads than this compress no faster and only hold more memory.
inline constexpr unsigned k_max_compression_threads = 32;

// Compression::none passes the bytes through. Throws UsageError for a level the compression does not
// support (gzip 0-9, zstd as libzstd allows; ignored for none). `threads` compress in parallel (0: the
// thread budget, util/thread_budget.hpp; at most k_max_compression_threads); the output is the same for
// any number of threads.
std::unique_ptr<Compressor> make_compressor(oci::media_type::Compression compression, int level, ByteSink sink,
                                            unsigned threads = 1);

// `threads` as make_compressor() uses it: 0 becomes the thread budget, then capped.
unsigned compression_threads(unsigned threads);

} // namespace pycontainer::layer
