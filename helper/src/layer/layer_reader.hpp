#pragma once

#include "layer/byte_sink.hpp"
#include "layer/decompressor.hpp"
#include "layer/input_file.hpp"
#include "util/sha256.hpp"

#include <cstddef>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

struct archive;
struct archive_entry;

namespace pycontainer::layer {

// The entries of a layer blob's tar, front to back, in one pass over the blob. The blob is decompressed
// by the layer's own decompressors rather than libarchive's (ISA-L inflates gzip at 2.4 times the speed
// of zlib, which libarchive uses), and, given the sha256 it must have, hashed on the way: the digest is
// checked when the blob has been read to its end, after the last entry.
class LayerReader {
public:
  // `media_type` says the compression. Throws IoError when the blob cannot be opened.
  LayerReader(std::filesystem::path blob, std::string_view media_type,
              std::optional<std::string> expected_sha256 = std::nullopt);
  ~LayerReader();
  LayerReader(const LayerReader&) = delete;
  LayerReader& operator=(const LayerReader&) = delete;

  // The next entry (valid until the next call; read it with libarchive's archive_entry_* functions), or
  // nullptr after the last one and on every later call. Throws Error naming the blob when it is not a
  // valid layer or its content does not match the expected digest.
  archive_entry* next();

  // The current entry's content. Throws Error when it is larger than `max_size`.
  std::string content(std::size_t max_size);
  // The rest of the current entry's content, handed to `sink` piece by piece (for content of any size).
  void read_content(const ByteSink& sink);
  // The first `size` bytes of the current entry's content (fewer when it is shorter); the rest is skipped
  // by next().
  std::string head(std::size_t size);

private:
  static ssize_t read_callback(struct archive* reader, void* self, const void** buffer);
  // The next piece of the tar (empty at the end of the blob); exceptions are kept for next().
  ssize_t fill(const void** buffer);
  void read_to_end();
  // Damaged bytes usually break the compression or the tar before the end: with a digest expected, the
  // rest is hashed and a mismatch replaces m_error, naming the cause.
  void blame_damage();
  // Once the blob has been hashed to its end: why it is not the expected content (nullopt when it is or
  // no digest is expected; asked once).
  std::optional<std::string> digest_mismatch();
  [[noreturn]] void fail(std::string_view what);

  std::filesystem::path m_blob;
  std::optional<std::string> m_expected_sha256;
  InputFile m_file;
  util::Sha256 m_hash;
  std::vector<char> m_chunk;
  std::string m_tar;           // decompressed bytes handed to libarchive, refilled by fill()
  std::unique_ptr<Decompressor> m_decompressor;
  bool m_blob_ended = false;
  bool m_entries_ended = false;
  std::exception_ptr m_error;  // thrown inside fill(), rethrown outside libarchive
  // Freed however the constructor ends (it throws when the first piece of the blob is bad).
  std::unique_ptr<struct archive, int (*)(struct archive*)> m_archive{nullptr, nullptr};
  archive_entry* m_entry = nullptr; // the current entry
};

} // namespace pycontainer::layer
