#include "layout/file_chunks.hpp"

#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

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
  for (;;) {
    ssize_t got = ::read(file.get(), buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw IoError("read", path.string(), errno);
    }
    if (got == 0) {
      return;
    }
    consume(buffer.data(), static_cast<std::size_t>(got));
  }
}

oci::Digest digest_of_file(const std::filesystem::path& path)
{
  util::Sha256 hash;
  read_in_chunks(path, [&](const char* data, std::size_t size) { hash.update(data, size); });
  return oci::Digest::from_sha256_hex(hash.finish_hex());
}

} // namespace pycontainer::layout
