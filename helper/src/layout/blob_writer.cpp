#include "layout/layout.hpp"

#include "layout/file_chunks.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <system_error>

namespace pycontainer::layout {

namespace {

// The temporary file is "<blobs>/.upload.tmp.XXXXXX": hidden, and never a digest name.
std::filesystem::path upload_target(const std::filesystem::path& blobs_directory)
{
  util::create_directories(blobs_directory);
  return blobs_directory / ".upload";
}

// Whether the blob at `path` has `digest`; false when it cannot be read (gone meanwhile, say).
bool is_intact(const std::filesystem::path& path, const oci::Digest& digest)
{
  try {
    return digest_of_file(path) == digest;
  } catch (const IoError&) {
    return false;
  }
}

} // namespace

BlobWriter::BlobWriter(const std::filesystem::path& blobs_directory, ExistingBlobs existing)
  : m_blobs_directory(blobs_directory), m_existing(existing), m_file(upload_target(blobs_directory))
{
}

void BlobWriter::write(const void* data, std::size_t size)
{
  m_file.write(data, size);
  m_hash.update(data, size);
  m_size += static_cast<std::int64_t>(size);
}

std::pair<oci::Digest, std::int64_t> BlobWriter::commit()
{
  auto digest = oci::Digest::from_sha256_hex(m_hash.finish_hex());
  place(digest);
  return {digest, m_size};
}

oci::Digest BlobWriter::commit_if(const oci::Digest& expected)
{
  auto digest = oci::Digest::from_sha256_hex(m_hash.finish_hex());
  if (digest == expected) {
    place(digest);
  }
  return digest;
}

void BlobWriter::place(const oci::Digest& digest)
{
  auto target = m_blobs_directory / digest.encoded();
  // Never renamed over a blob of the same name unless that one is damaged: another build may be linking
  // it, and link(2) from a name being renamed over fails with ENOENT.
  if (m_file.commit_as_new(target)) {
    return;
  }
  std::error_code error;
  if (std::filesystem::is_regular_file(target, error) && (m_existing == ExistingBlobs::keep || is_intact(target, digest))) {
    // Same digest, same bytes: keep the existing blob (and its links) and drop ours.
    std::filesystem::remove(m_file.temp_path(), error);
  } else {
    m_file.commit_as(target);
  }
}

} // namespace pycontainer::layout
