#include "layout/file_chunks.hpp"

#include "util/fd.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <sys/stat.h>

#include <vector>

namespace pycontainer::layout {

namespace {

constexpr std::size_t k_chunk_size = 256 * 1024;

} // namespace

void read_in_chunks(const std::filesystem::path& path, const std::function<void(const char*, std::size_t)>& consume)
{
  struct stat status {};
  util::Fd file(util::open_input_file(path, status));
  std::vector<char> buffer(k_chunk_size);
  while (auto got = util::read_some(file.get(), buffer.data(), buffer.size(), path)) {
    consume(buffer.data(), got);
  }
}

oci::Digest digest_of_file(const std::filesystem::path& path)
{
  return oci::Digest::from_sha256_hex(util::sha256_file_hex(path));
}

} // namespace pycontainer::layout
