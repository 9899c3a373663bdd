#include "util/atomic_file.hpp"

#include "util/error.hpp"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

namespace pycontainer::util {

namespace {

// Files are created 0644 whatever the umask, like any other build output.
constexpr mode_t k_file_mode = 0644;

} // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : m_target(std::move(target))
{
  std::string pattern = m_target.string() + ".tmp.XXXXXX";
  m_fd = Fd(mkostemp(pattern.data(), O_CLOEXEC));
  if (!m_fd) {
    throw IoError("create", pattern, errno);
  }
  m_temp_path = pattern;
  fchmod(m_fd.get(), k_file_mode);
}

AtomicFile::~AtomicFile()
{
  m_fd.close();
  if (!m_committed) {
    ::unlink(m_temp_path.c_str());
  }
}

void AtomicFile::write(const void* data, std::size_t size)
{
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t written = ::write(m_fd.get(), bytes, size);
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw IoError("write", m_temp_path.string(), errno);
    }
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
}

void AtomicFile::close()
{
  if (!m_fd.close()) {
    throw IoError("write", m_temp_path.string(), errno);
  }
}

void AtomicFile::commit()
{
  commit_as(m_target);
}

void AtomicFile::commit_as(const std::filesystem::path& target)
{
  close();
  if (::rename(m_temp_path.c_str(), target.c_str()) != 0) {
    throw IoError("rename to", target.string(), errno);
  }
  m_committed = true;
}

bool AtomicFile::commit_as_new(const std::filesystem::path& target)
{
  close();
  if (::renameat2(AT_FDCWD, m_temp_path.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
    m_committed = true;
    return true;
  }
  if (errno == EEXIST) {
    return false;
  }
  if (errno != EINVAL && errno != ENOSYS) {
    throw IoError("rename to", target.string(), errno);
  }
  std::error_code error;
  if (std::filesystem::exists(target, error)) {
    return false;
  }
  commit_as(target);
  return true;
}

} // namespace pycontainer::util
