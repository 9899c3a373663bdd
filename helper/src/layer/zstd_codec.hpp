#pragma once

// zstd (RFC 8878) with libzstd's streaming API. The compressor writes one frame with a content checksum
// (so corruption is detected when decompressing) and without the content size (the stream's size is not
// known in advance), always in libzstd's multithreaded mode, even for one thread: its output is the same
// for any number of workers from 1 up (and differs from the single-threaded mode's), so the bytes are
// fully determined by the input and level, never by the thread count.

#include "layer/compressor.hpp"
#include "layer/decompressor.hpp"

#include <memory>

namespace pycontainer::layer {

// Throws UsageError for a level outside libzstd's range. `threads` (at least 1) are libzstd's workers.
std::unique_ptr<Compressor> make_zstd_compressor(int level, unsigned threads, ByteSink sink);
// Accepts one or more concatenated frames (skippable frames are skipped).
std::unique_ptr<Decompressor> make_zstd_decompressor(ByteSink sink);

} // namespace pycontainer::layer
