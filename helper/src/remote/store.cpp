#include "remote/store.hpp"

#include "util/error.hpp"
#include "util/file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace pycontainer::remote {

std::filesystem::path cache_directory(const RegistryOptions& options)
{
  if (!options.cache_dir.empty()) {
    return options.cache_dir;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/') {
    return std::filesystem::path(xdg) / "pycontainer";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".cache" / "pycontainer";
  }
  throw UsageError("no cache directory: set XDG_CACHE_HOME or HOME, or pass --cache-dir");
}

std::filesystem::path store_directory(const RegistryOptions& options)
{
  return cache_directory(options) / "store";
}

StoreLock::StoreLock(const RegistryOptions& options)
{
  auto directory = cache_directory(options);
  util::create_directories(directory);
  auto path = directory / "store.lock";
  m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (m_fd < 0) {
    throw IoError("open", path.string(), errno);
  }
  while (::flock(m_fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      int saved = errno;
      ::close(m_fd);
      throw IoError("lock", path.string(), saved);
    }
  }
}

StoreLock::~StoreLock()
{
  if (m_fd >= 0) {
    ::close(m_fd); // releases the lock
  }
}

layout::Layout open_store(const RegistryOptions& options)
{
  StoreLock lock(options);
  return layout::Layout::open_or_create(store_directory(options));
}

} // namespace pycontainer::remote
