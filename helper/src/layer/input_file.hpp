#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>

namespace pycontainer::layer {

// A file read front to back in caller-sized chunks with read(2), never whole into memory. Its size is
// taken when it is opened, and reading checks the file keeps it: a file written to while a layer is
// packed would otherwise give a tar whose header and content disagree.
class InputFile {
public:
  // Throws IoError naming `path` when it cannot be opened or is not a regular file.
  explicit InputFile(std::filesystem::path path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  std::uint64_t size() const { return m_size; }

  // Reads the next chunk into `buffer`, up to its size; returns 0 at the end of the file. Throws
  // IoError naming the file when reading fails or the file has grown or shrunk since it was opened.
  std::size_t read(std::span<char> buffer);

private:
  std::filesystem::path m_path;
  int m_fd = -1;
  std::uint64_t m_size = 0;
  std::uint64_t m_offset = 0;
};

} // namespace pycontainer::layer
