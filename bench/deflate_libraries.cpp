// Measures the deflate libraries PyContainer could compress gzip layers with, the way it would use them:
// the input cut into fixed-size blocks, each compressed on its own into raw deflate that ends on a byte
// boundary (primed with the previous block's last 32 KiB where the library allows it), so blocks can be
// compressed in parallel and joined into one gzip stream. One thread, whole input in memory (a bench
// tool, not the product). Prints MB/s and the size against `gzip -6` of the same input.
//
//   g++ -O2 -std=c++20 bench/deflate_libraries.cpp -o deflate_libraries -lz -ldeflate -lisal
//   ./deflate_libraries INPUT.tar GZIP6_SIZE
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

using Bytes = std::vector<unsigned char>;
constexpr std::size_t k_window = 32 * 1024;

// zlib: raw deflate, previous 32 KiB as dictionary, Z_SYNC_FLUSH at the end of a block (as pigz).
std::size_t zlib_block(const unsigned char* dict, std::size_t dict_size, const unsigned char* in,
                       std::size_t size, int level, Bytes& out)
{
  z_stream stream{};
  deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  if (dict_size > 0) {
    deflateSetDictionary(&stream, dict, static_cast<uInt>(dict_size));
  }
  out.resize(deflateBound(&stream, size) + 16);
  stream.next_in = const_cast<unsigned char*>(in);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_SYNC_FLUSH);
  std::size_t produced = out.size() - stream.avail_out;
  deflateEnd(&stream);
  return produced;
}

// ISA-L: isal_deflate with the dictionary and SYNC_FLUSH.
// `buffer`: the level buffer size, 0 for ISA-L's default; it bounds the deflate blocks ISA-L makes
// (smaller buffers: shorter blocks, Huffman codes fitted closer to the data).
std::size_t isal_block(const unsigned char* dict, std::size_t dict_size, const unsigned char* in,
                       std::size_t size, int level, Bytes& out, Bytes& level_buffer, std::size_t buffer = 0)
{
  static const std::size_t sizes[] = {ISAL_DEF_LVL0_DEFAULT, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
                                      ISAL_DEF_LVL3_DEFAULT};
  isal_zstream stream{};
  isal_deflate_init(&stream);
  level_buffer.resize(buffer != 0 ? buffer : sizes[level]);
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

void report(const char* name, int level, std::size_t block_size, const Measure& m, std::size_t input_size,
            double gzip6)
{
  std::printf("%-10s %5d %8zu %9.1f %12zu %+7.1f%%\n", name, level, block_size / 1024,
              static_cast<double>(input_size) / 1e6 / m.seconds, m.bytes, (static_cast<double>(m.bytes) / gzip6 - 1) * 100);
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
  std::printf("%-10s %5s %8s %9s %12s %8s\n", "library", "level", "blockKiB", "MB/s", "bytes", "vs -6");
  constexpr std::size_t k_mib = 1024 * 1024;
  Bytes level_buffer;
  for (int level : {1, 6}) {
    report("zlib", level, k_mib, run(input, k_mib, [&](auto d, auto ds, auto in, auto n, Bytes& out) {
             return zlib_block(d, ds, in, n, level, out);
           }), input.size(), gzip6);
  }
  for (int level : {1, 2, 4, 6}) {
    auto* compressor = libdeflate_alloc_compressor(level);
    // Each block a gzip member of its own: 18 bytes of header and trailer more per block.
    auto m = run(input, k_mib, [&](auto, auto, auto in, auto n, Bytes& out) {
      return libdeflate_block(compressor, in, n, out) + 18;
    });
    report("libdeflate", level, k_mib, m, input.size(), gzip6);
    libdeflate_free_compressor(compressor);
  }
  for (int level : {1, 2, 3}) {
    for (std::size_t block_size : {128 * 1024, 256 * 1024, 512 * 1024, 1024 * 1024, 4096 * 1024}) {
      if (block_size == 4096 * 1024 && level != 1) {
        continue;
      }
      report("isa-l", level, block_size, run(input, block_size, [&](auto d, auto ds, auto in, auto n, Bytes& out) {
               return isal_block(d, ds, in, n, level, out, level_buffer);
             }), input.size(), gzip6);
    }
  }
  // Levels 1 and 2 with smaller level buffers.
  const std::pair<const char*, std::size_t> buffers[] = {
    {"isa-l/min", 0}, {"isa-l/small", 1}, {"isa-l/medium", 2}};
  for (int level : {1, 2}) {
    for (auto [name, which] : buffers) {
      std::size_t size = level == 1 ? (which == 0 ? ISAL_DEF_LVL1_MIN : which == 1 ? ISAL_DEF_LVL1_SMALL : ISAL_DEF_LVL1_MEDIUM)
                                    : (which == 0 ? ISAL_DEF_LVL2_MIN : which == 1 ? ISAL_DEF_LVL2_SMALL : ISAL_DEF_LVL2_MEDIUM);
      std::size_t block_size = 256 * 1024;
      report(name, level, block_size, run(input, block_size, [&](auto d, auto ds, auto in, auto n, Bytes& out) {
               return isal_block(d, ds, in, n, level, out, level_buffer, size);
             }), input.size(), gzip6);
    }
  }
  return 0;
}
