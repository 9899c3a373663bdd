#pragma once

// One block of a parallel deflate stream (RFC 1951), as pigz makes them. The input is cut into
// fixed-size blocks; each is compressed on its own, primed with the up to 32 KiB of input before it as
// dictionary (so matches reach back across the cut, and the bytes still depend only on the input), into
// raw deflate that ends on a byte boundary: a block that is not the last ends with a sync flush (an
// empty stored block, 00 00 ff ff), so the next block's deflate data follows it directly; the last one
// carries the final-block bit. The blocks joined in order are one deflate stream, whatever thread
// compressed each.
//
// gzip levels map to the libraries as measured (README.md, "Compression"): 1 is ISA-L level 1, 2-5
// ISA-L level 2 (igzip: ~12 times zlib -6's speed, 16 % larger), 6 (the default) ISA-L level 2 with
// zlib level 5 for the blocks ISA-L compresses below 15 % (14.5 % larger than gzip -6, at ~60 % of
// ISA-L's speed); 0 (stored) and 7-9, where size matters more than time, are zlib at that level.
// ISA-L's level 3 is left out: its bytes depend on the CPU's SIMD extensions, and layer digests must not.

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace pycontainer::layer {

// How far back deflate matches reach, so how much input before a block primes it.
inline constexpr std::size_t k_deflate_window = 32 * 1024;

// Not thread-safe: one encoder per thread, reused from block to block.
class DeflateBlockEncoder {
public:
  virtual ~DeflateBlockEncoder() = default;
  // Replaces `output` with the compressed `block`; `dictionary` is the input just before it (empty for
  // the first block; only its last k_deflate_window bytes count).
  virtual void encode(std::span<const unsigned char> dictionary, std::span<const unsigned char> block, bool last,
                      std::vector<unsigned char>& output) = 0;
};

// `level` is a gzip level, 0-9 (the caller checks the range).
std::unique_ptr<DeflateBlockEncoder> make_deflate_block_encoder(int level);

} // namespace pycontainer::layer
