// Measures the deflate libraries PyContainer could compress gzip layers with, the way it would use them:
// the input cut into fixed-size blocks, each compressed on its own into raw deflate that ends on a byte
// boundary (primed with the previous block's last 32 KiB where the library allows it), so blocks can be
// compressed in parallel and joined into one gzip stream. One thread, whole input in memory (a bench
// tool, not the product). Prints MB/s and the size against `gzip -6` of the same input; the last rows
// are level 6's scheme: ISA-L level 2, and zlib for the blocks ISA-L compresses below a threshold,
// keeping the smaller.
//
//   g++ -O2 -std=c++20 bench/deflate_libraries.cpp -o deflate_libraries -lz -ldeflate -lisal
//   ./deflate_libraries INPUT.tar GZIP6_SIZE
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<unsigned char>;
constexpr std::size_t k_window = 32 * 1024;

// zlib: raw deflate, previous 32 KiB as dictionary, Z_SYNC_FLUSH at the end of a block (as pigz). One
// stream per level, reset from block to block, as the layer writer does.
std::size_t zlib_block(const unsigned char* dict, std::size_t dict_size, const unsigned char* in,
                       std::size_t size, int level, Bytes& out)
{
  static z_stream streams[10];
  static bool ready[10];
  z_stream& stream = streams[level];
  if (!ready[level]) {
    deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    ready[level] = true;
  }
  deflateReset(&stream);
  if (dict_size > 0) {
    deflateSetDictionary(&stream, dict, static_cast<uInt>(dict_size));
  }
  out.resize(deflateBound(&stream, size) + 16);
  stream.next_in = const_cast<unsigned char*>(in);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_SYNC_FLUSH);
  return out.size() - stream.avail_out;
}

// ISA-L: isal_deflate with the dictionary and SYNC_FLUSH. `tokens`: room for that many deflate symbols in
// the level buffer, 0 for ISA-L's default; it bounds the deflate blocks ISA-L makes (fewer tokens:
// shorter blocks, Huffman codes fitted closer to the data, more block headers).
std::size_t isal_block(const unsigned char* dict, std::size_t dict_size, const unsigned char* in,
                       std::size_t size, int level, Bytes& out, Bytes& level_buffer, std::size_t tokens = 0)
{
  static const std::size_t defaults[] = {ISAL_DEF_LVL0_DEFAULT, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
                                         ISAL_DEF_LVL3_DEFAULT};
  static const std::size_t required[] = {ISAL_DEF_LVL0_REQ, ISAL_DEF_LVL1_REQ, ISAL_DEF_LVL2_REQ, ISAL_DEF_LVL3_REQ};
  isal_zstream stream{};
  isal_deflate_init(&stream);
  level_buffer.resize(tokens != 0 ? required[level] + 4 * tokens : defaults[level]);
  stream.level = static_cast<std::uint32_t>(level);
  stream.level_buf = level_buffer.data();
  stream.level_buf_size = static_cast<std::uint32_t>(level_buffer.size());
  if (dict_size > 0) {
    isal_deflate_set_dict(&stream, const_cast<unsigned char*>(dict), static_cast<std::uint32_t>(dict_size));
  }
  out.resize(size + size / 8 + 1024);
  stream.next_in = const_cast<unsigned char*>(in);
  stream.avail_in = static_cast<std::uint32_t>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<std::uint32_t>(out.size());
  stream.flush = SYNC_FLUSH;
  stream.end_of_stream = 0;
  if (isal_deflate(&stream) != COMP_OK || stream.avail_in != 0) {
    throw std::runtime_error("isal_deflate failed");
  }
  return stream.total_out;
}

// libdeflate: no dictionary and no non-final blocks, so each block is a whole deflate stream (joined
// blocks would have to be separate gzip members).
std::size_t libdeflate_block(libdeflate_compressor* compressor, const unsigned char* in, std::size_t size,
                             Bytes& out)
{
  out.resize(libdeflate_deflate_compress_bound(compressor, size));
  return libdeflate_deflate_compress(compressor, in, size, out.data(), out.size());
}

struct Measure {
  double seconds;
  std::size_t bytes;
};

template <typename Block>
Measure run(const Bytes& input, std::size_t block_size, Block&& block)
{
  Bytes out;
  auto start = std::chrono::steady_clock::now();
  std::size_t total = 18; // gzip header and trailer
  for (std::size_t offset = 0; offset < input.size(); offset += block_size) {
    std::size_t size = std::min(block_size, input.size() - offset);
    std::size_t dict = std::min(offset, k_window);
    total += block(input.data() + offset - dict, dict, input.data() + offset, size, out);
  }
  return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), total};
}

void report(const char* name, const std::string& setting, std::size_t block_size, const Measure& m,
            std::size_t input_size, double gzip6)
{
  std::printf("%-10s %-22s %8zu %9.1f %12zu %+7.1f%%\n", name, setting.c_str(), block_size / 1024,
              static_cast<double>(input_size) / 1e6 / m.seconds, m.bytes,
              (static_cast<double>(m.bytes) / gzip6 - 1) * 100);
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s INPUT GZIP6_SIZE\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  Bytes input((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  double gzip6 = std::strtod(argv[2], nullptr);
  std::printf("%-10s %-22s %8s %9s %12s %8s\n", "library", "level", "blockKiB", "MB/s", "bytes", "vs -6");
  constexpr std::size_t k_kib = 1024;
  constexpr std::size_t k_mib = 1024 * k_kib;
  Bytes level_buffer;
  for (int level : {1, 6}) {
    report("zlib", std::to_string(level), k_mib, run(input, k_mib, [&](auto d, auto ds, auto in, auto n, Bytes& out) {
             return zlib_block(d, ds, in, n, level, out);
           }), input.size(), gzip6);
  }
  for (int level : {1, 2, 4, 6}) {
    auto* compressor = libdeflate_alloc_compressor(level);
    // Each block a gzip member of its own: 18 bytes of header and trailer more per block.
    auto m = run(input, k_mib, [&](auto, auto, auto in, auto n, Bytes& out) {
      return libdeflate_block(compressor, in, n, out) + 18;
    });
    report("libdeflate", std::to_string(level), k_mib, m, input.size(), gzip6);
    libdeflate_free_compressor(compressor);
  }
  for (int level : {1, 2, 3}) {
    for (std::size_t block_size : {128 * k_kib, 256 * k_kib, k_mib}) {
      report("isa-l", std::to_string(level), block_size,
             run(input, block_size, [&](auto d, auto ds, auto in, auto n, Bytes& out) {
               return isal_block(d, ds, in, n, level, out, level_buffer);
             }), input.size(), gzip6);
    }
  }
  // Level 2 with other level buffers: 1 Ki tokens is ISAL_DEF_LVL2_MIN, 16 Ki SMALL, 64 Ki the default.
  for (std::size_t tokens : {1, 4, 8, 16, 32}) {
    for (std::size_t block_size : {128 * k_kib, 256 * k_kib, k_mib}) {
      report("isa-l", "2, " + std::to_string(tokens) + " Ki tokens", block_size,
             run(input, block_size, [&](auto d, auto ds, auto in, auto n, Bytes& out) {
               return isal_block(d, ds, in, n, 2, out, level_buffer, tokens * k_kib);
             }), input.size(), gzip6);
    }
  }
  // Level 6's scheme, with other thresholds and zlib levels.
  Bytes alternative;
  for (std::size_t percent : {14, 15, 16}) {
    for (int zlib_level : {4, 5, 6}) {
      for (std::size_t block_size : {128 * k_kib, 256 * k_kib}) {
        auto m = run(input, block_size, [&](auto d, auto ds, auto in, auto n, Bytes& out) {
          std::size_t size = isal_block(d, ds, in, n, 2, out, level_buffer, 16 * k_kib);
          if (size * 100 >= n * percent) {
            return size;
          }
          return std::min(size, zlib_block(d, ds, in, n, zlib_level, alternative));
        });
        report("isa-l+zlib", "2, zlib " + std::to_string(zlib_level) + " < " + std::to_string(percent) + " %",
               block_size, m, input.size(), gzip6);
      }
    }
  }
  return 0;
}
