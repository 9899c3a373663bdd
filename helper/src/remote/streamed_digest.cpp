#include "remote/streamed_digest.hpp"

#include "layout/file_chunks.hpp"
#include "util/error.hpp"

#include <system_error>

namespace pycontainer::remote {

void StreamedDigest::add(std::int64_t offset, const char* data, std::size_t size)
{
  auto end = offset + static_cast<std::int64_t>(size);
  if (offset > m_hashed || end <= m_hashed) {
    return;
  }
  auto skip = static_cast<std::size_t>(m_hashed - offset);
  m_hash.update(data + skip, size - skip);
  m_hashed = end;
}

std::pair<oci::Digest, std::int64_t> StreamedDigest::finish()
{
  std::error_code error;
  auto size = std::filesystem::file_size(m_file, error);
  if (error) {
    throw IoError("read", m_file.string(), error.value());
  }
  if (static_cast<std::int64_t>(size) != m_hashed) {
    // Not all of it was sent (the registry answered early): the file is read, what was never sent hashed.
    std::int64_t offset = 0;
    layout::read_in_chunks(m_file, [&](const char* data, std::size_t length) {
      add(offset, data, length);
      offset += static_cast<std::int64_t>(length);
    });
  }
  return {oci::Digest::from_sha256_hex(m_hash.finish_hex()), m_hashed};
}

} // namespace pycontainer::remote
