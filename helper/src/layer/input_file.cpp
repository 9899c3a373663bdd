#include "layer/input_file.hpp"

#include "util/error.hpp"
#include "util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <string>

namespace pycontainer::layer {

InputFile::InputFile(std::filesystem::path path, std::optional<util::FileIdentity> listed) : m_path(std::move(path))
{
  struct stat status {};
  m_fd = util::Fd(util::open_input_file(m_path, status, listed ? &*listed : nullptr));
  m_size = static_cast<std::uint64_t>(status.st_size);
  // A hint only: larger read-ahead for a file read once, front to back.
  ::posix_fadvise(m_fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
}

std::size_t InputFile::read(std::span<char> buffer)
{
  auto count = static_cast<std::uint64_t>(util::read_some(m_fd.get(), buffer.data(), buffer.size(), m_path));
  if (m_offset + count > m_size || (count == 0 && m_offset != m_size && !buffer.empty())) {
    throw IoError("read", m_path.string(),
                  "file changed size while being read (was " + std::to_string(m_size) + " bytes)");
  }
  m_offset += count;
  return static_cast<std::size_t>(count);
}

} // namespace pycontainer::layer
