#include "util/file_lock.hpp"

#include "util/error.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

namespace pycontainer::util {

FileLock::FileLock(std::filesystem::path path) : m_path(std::move(path))
{
  m_fd = Fd(::open(m_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!m_fd) {
    throw IoError("open", m_path.string(), errno);
  }
}

FileLock::FileLock(std::filesystem::path path, LockMode mode) : FileLock(std::move(path))
{
  lock(mode);
}

void FileLock::lock(LockMode mode)
{
  flock(mode == LockMode::shared ? LOCK_SH : LOCK_EX);
}

bool FileLock::try_lock(LockMode mode)
{
  return flock((mode == LockMode::shared ? LOCK_SH : LOCK_EX) | LOCK_NB);
}

void FileLock::unlock()
{
  flock(LOCK_UN);
}

bool FileLock::flock(int operation)
{
  while (::flock(m_fd.get(), operation) != 0) {
    if (errno == EWOULDBLOCK && (operation & LOCK_NB)) {
      return false;
    }
    if (errno != EINTR) {
      throw IoError("lock", m_path.string(), errno);
    }
  }
  return true;
}

} // namespace pycontainer::util
