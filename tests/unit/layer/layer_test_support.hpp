#pragma once

// Helpers for the layer tests: reading a layer back with libarchive's read API (an implementation
// independent of how it was written, apart from sharing the library) and walking raw tar headers.

#include "util/sha256.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace pycontainer::layer::test {

struct TarMember {
  std::string path;
  unsigned type = 0; // AE_IFREG, AE_IFDIR, AE_IFLNK
  std::uint32_t mode = 0;
  std::int64_t uid = -1;
  std::int64_t gid = -1;
  std::string uname;
  std::string gname;
  std::int64_t mtime = 0;
  bool has_atime = false;
  bool has_ctime = false;
  std::string symlink;
  std::string content;
};

inline std::string read_all(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Reads a tar (compressed or not) with libarchive; throws std::runtime_error on a read error.
inline std::vector<TarMember> read_tar(const std::filesystem::path& path)
{
  struct archive* reader = archive_read_new();
  archive_read_support_filter_all(reader);
  archive_read_support_format_tar(reader);
  if (archive_read_open_filename(reader, path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    std::string message = archive_error_string(reader);
    archive_read_free(reader);
    throw std::runtime_error("cannot open tar: " + message);
  }
  std::vector<TarMember> members;
  struct archive_entry* entry = nullptr;
  int status;
  while ((status = archive_read_next_header(reader, &entry)) == ARCHIVE_OK) {
    TarMember member;
    member.path = archive_entry_pathname(entry);
    member.type = archive_entry_filetype(entry);
    member.mode = archive_entry_perm(entry);
    member.uid = archive_entry_uid(entry);
    member.gid = archive_entry_gid(entry);
    member.uname = archive_entry_uname(entry) ? archive_entry_uname(entry) : "";
    member.gname = archive_entry_gname(entry) ? archive_entry_gname(entry) : "";
    member.mtime = archive_entry_mtime(entry);
    member.has_atime = archive_entry_atime_is_set(entry) != 0;
    member.has_ctime = archive_entry_ctime_is_set(entry) != 0;
    member.symlink = archive_entry_symlink(entry) ? archive_entry_symlink(entry) : "";
    char buffer[64 * 1024];
    la_ssize_t got;
    while ((got = archive_read_data(reader, buffer, sizeof buffer)) > 0) {
      member.content.append(buffer, static_cast<std::size_t>(got));
    }
    members.push_back(std::move(member));
  }
  std::string message = status == ARCHIVE_EOF ? "" : archive_error_string(reader);
  archive_read_free(reader);
  if (status != ARCHIVE_EOF) {
    throw std::runtime_error("cannot read tar: " + message);
  }
  return members;
}

// Decompresses a blob with libarchive ("raw" format) and returns the sha256 hex of the result: a
// diff_id computed without the code under test.
inline std::string independent_diff_id_hex(const std::filesystem::path& blob)
{
  struct archive* reader = archive_read_new();
  archive_read_support_filter_all(reader);
  archive_read_support_format_raw(reader);
  archive_read_support_format_empty(reader);
  util::Sha256 hash;
  struct archive_entry* entry = nullptr;
  if (archive_read_open_filename(reader, blob.c_str(), 64 * 1024) != ARCHIVE_OK ||
      archive_read_next_header(reader, &entry) != ARCHIVE_OK) {
    std::string message = archive_error_string(reader);
    archive_read_free(reader);
    throw std::runtime_error("cannot decompress: " + message);
  }
  char buffer[64 * 1024];
  la_ssize_t got;
  while ((got = archive_read_data(reader, buffer, sizeof buffer)) > 0) {
    hash.update(buffer, static_cast<std::size_t>(got));
  }
  archive_read_free(reader);
  if (got < 0) {
    throw std::runtime_error("cannot decompress: read error");
  }
  return hash.finish_hex();
}

// One raw tar header as it is on disk.
struct RawHeader {
  char typeflag = 0;
  std::string name;
  std::string payload; // PAX extended header records for typeflag 'x'
};

// Walks the 512-byte headers of an uncompressed tar.
inline std::vector<RawHeader> raw_headers(const std::string& tar)
{
  std::vector<RawHeader> headers;
  std::size_t offset = 0;
  while (offset + 512 <= tar.size()) {
    std::string block = tar.substr(offset, 512);
    if (block == std::string(512, '\0')) {
      break;
    }
    RawHeader header;
    header.typeflag = block[156];
    header.name = block.substr(0, block.find('\0') < 100 ? block.find('\0') : 100);
    std::uint64_t size = std::stoull(block.substr(124, 11), nullptr, 8);
    if (header.typeflag == 'x') {
      header.payload = tar.substr(offset + 512, size);
    }
    headers.push_back(std::move(header));
    offset += 512 + (size + 511) / 512 * 512;
  }
  return headers;
}

} // namespace pycontainer::layer::test
