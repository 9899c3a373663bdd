#pragma once

// gzip (RFC 1952). The compressor writes one member, its header and trailer itself around a raw deflate
// stream made of independently compressed blocks (layer/deflate_block.hpp: ISA-L and zlib), so the
// bytes are fully determined by the input and the level, never by the thread count:
//
//   1f 8b 08 00 | 00 00 00 00 | xfl | ff | <raw deflate> | crc32 (LE) | size mod 2^32 (LE)
//   magic  CM FLG  MTIME = 0      XFL   OS = 255 (unknown)
//
// No FNAME, FEXTRA or FCOMMENT; XFL is 2 for level 9, 4 for level 1, else 0 (as gzip and Go do).
// The CRC-32 is computed per block, in parallel (ISA-L), and combined (zlib's crc32_combine).
// Decompression is ISA-L's.

#include "layer/compressor.hpp"
#include "layer/decompressor.hpp"

#include <cstddef>
#include <memory>

namespace pycontainer::layer {

// The input is cut into blocks of this size (measured: README.md, "Compression").
inline constexpr std::size_t k_gzip_block_size = 128 * 1024;

// Throws UsageError for a level outside 0-9. `threads` compress blocks in parallel (1: the writing
// thread compresses them itself); the blocks held at once are bounded by the thread count.
std::unique_ptr<Compressor> make_gzip_compressor(int level, unsigned threads, ByteSink sink);
// Accepts one or more concatenated gzip members.
std::unique_ptr<Decompressor> make_gzip_decompressor(ByteSink sink);

} // namespace pycontainer::layer
