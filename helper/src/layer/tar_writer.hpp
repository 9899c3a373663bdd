#pragma once

// A tar stream written with libarchive in "restricted pax" format: a ustar header per entry, preceded
// by a PAX extended header only when a field does not fit ustar (a path over 100 bytes that cannot be
// split at a '/', a non-ASCII name, a link target over 100 bytes, a size of 8 GiB or more, an mtime
// outside 0..2^31-1). Entries carry what the caller gives and nothing else: uid and gid 0, empty user
// and group names, the given mtime with no nanoseconds, never atime or ctime. libarchive stores
// directory names with a trailing '/'. The stream ends with the two zero blocks of end-of-archive and
// is not padded further (bytes_in_last_block 1), so it depends only on the entries.
//
// Names are converted to UTF-8 for PAX records with the thread's locale pinned to C.UTF-8, so the
// bytes do not depend on the caller's locale; names that are not valid UTF-8 are stored as raw bytes
// with "hdrcharset=BINARY".

#include "layer/byte_sink.hpp"
#include "util/file.hpp"

#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

struct archive;
struct archive_entry;

namespace pycontainer::layer {

class TarWriter {
public:
  // The tar bytes go to `sink` in chunks of k_block_size, the last one shorter.
  explicit TarWriter(ByteSink sink);
  // Without finish(), the stream is abandoned: nothing more reaches the sink.
  ~TarWriter();
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;

  static constexpr std::size_t k_block_size = 64 * 1024;
  static constexpr std::size_t k_read_chunk_size = 1024 * 1024;

  // `path` is relative, '/'-separated, without a trailing '/'; `mode` holds permission bits only.
  void add_directory(const std::string& path, std::uint32_t mode, std::int64_t mtime);
  void add_symlink(const std::string& path, const std::string& target, std::uint32_t mode, std::int64_t mtime);
  // Streams the content of `source` in chunks. Throws IoError naming `source` when it cannot be read,
  // changes size while being read, or (with `listed`) is no longer the file listed (see InputFile).
  void add_file(const std::string& path, const std::filesystem::path& source, std::uint32_t mode,
                std::int64_t mtime, std::optional<util::FileIdentity> listed = std::nullopt);
  // A regular file holding `data` (small documents: an archive's manifest.json, index.json).
  void add_data(const std::string& path, std::string_view data, std::uint32_t mode, std::int64_t mtime);
  // Writes end-of-archive and flushes everything to the sink.
  void finish();

  // Bytes handed to the sink so far.
  std::uint64_t bytes_written() const { return m_bytes_written; }

private:
  static ssize_t write_callback(struct archive* archive, void* self, const void* buffer, std::size_t length);

  void write_header(const std::string& path, unsigned type, std::uint32_t mode, std::int64_t mtime,
                    std::int64_t size, const std::string* link_target);
  void check(ssize_t result, const std::string& path);

  ByteSink m_sink;
  struct archive* m_archive = nullptr;
  struct archive_entry* m_entry = nullptr;
  std::unique_ptr<char[]> m_read_buffer;
  std::exception_ptr m_sink_error;
  std::uint64_t m_bytes_written = 0;
  bool m_closed = false;
  bool m_abandoned = false;
};

} // namespace pycontainer::layer
