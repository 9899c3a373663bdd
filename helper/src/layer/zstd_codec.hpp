#pragma once

// zstd (RFC 8878) with libzstd's streaming API. The compressor writes one frame, single-threaded,
// with a content checksum (so corruption is detected when decompressing) and without the content size
// (the stream's size is not known in advance): the bytes are fully determined by the input and level.

#include "layer/compressor.hpp"
#include "layer/decompressor.hpp"

#include <memory>

namespace pycontainer::layer {

// Throws UsageError for a level outside libzstd's range.
std::unique_ptr<Compressor> make_zstd_compressor(int level, ByteSink sink);
// Accepts one or more concatenated frames (skippable frames are skipped).
std::unique_ptr<Decompressor> make_zstd_decompressor(ByteSink sink);

} // namespace pycontainer::layer
