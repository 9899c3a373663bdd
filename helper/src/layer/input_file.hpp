#pragma once

#include "util/fd.hpp"
#include "util/file.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>

namespace pycontainer::layer {

// A file read front to back in caller-sized chunks with read(2), never whole into memory. Its size is
// taken when it is opened, and reading checks the file keeps it: a file written to while a layer is
// packed would otherwise give a tar whose header and content disagree.
class InputFile {
public:
  // Opens `path` as util::open_input_file() does: UsageError for anything but a regular file, and
  // with `listed` (the identity the file had when it was listed) IoError when another file is there
  // now. Throws IoError naming `path` when it cannot be opened.
  explicit InputFile(std::filesystem::path path, std::optional<util::FileIdentity> listed = std::nullopt);
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::uint64_t size() const { return m_size; }

  // Reads the next chunk into `buffer`, up to its size; returns 0 at the end of the file. Throws
  // IoError naming the file when reading fails or the file has grown or shrunk since it was opened.
  std::size_t read(std::span<char> buffer);

private:
  std::filesystem::path m_path;
  util::Fd m_fd;
  std::uint64_t m_size = 0;
  std::uint64_t m_offset = 0;
};

} // namespace pycontainer::layer
