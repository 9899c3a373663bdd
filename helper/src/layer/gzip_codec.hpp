#pragma once

// gzip (RFC 1952) with zlib. The compressor writes the member header and trailer itself around a raw
// deflate stream, so the bytes are fully determined by the input and the level:
//
//   1f 8b 08 00 | 00 00 00 00 | xfl | ff | <raw deflate> | crc32 (LE) | size mod 2^32 (LE)
//   magic  CM FLG  MTIME = 0      XFL   OS = 255 (unknown)
//
// No FNAME, FEXTRA or FCOMMENT; XFL is 2 for level 9, 4 for level 1, else 0 (as gzip and Go do).

#include "layer/compressor.hpp"
#include "layer/decompressor.hpp"

#include <memory>

namespace pycontainer::layer {

// Throws UsageError for a level outside 0-9.
std::unique_ptr<Compressor> make_gzip_compressor(int level, ByteSink sink);
// Accepts one or more concatenated gzip members.
std::unique_ptr<Decompressor> make_gzip_decompressor(ByteSink sink);

} // namespace pycontainer::layer
