#pragma once

#include "oci/digest.hpp"
#include "util/sha256.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <utility>

namespace pycontainer::remote {

// The digest of a file being uploaded, taken from the bytes read to send it, so that a blob is read
// once: a piece that extends the part hashed so far is hashed, a piece sent again (a request retried,
// an upload resumed) is skipped; finish() reads the file only when some of it was never sent.
class StreamedDigest {
public:
  explicit StreamedDigest(std::filesystem::path file) : m_file(std::move(file)) {}

  // `size` bytes of the file at `offset`, as they were read to be sent.
  void add(std::int64_t offset, const char* data, std::size_t size);
  // The digest and size of the whole file.
  std::pair<oci::Digest, std::int64_t> finish();

private:
  std::filesystem::path m_file;
  util::Sha256 m_hash;
  std::int64_t m_hashed = 0; // bytes [0, m_hashed) are in m_hash
};

} // namespace pycontainer::remote
