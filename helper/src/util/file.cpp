#include "util/file.hpp"

#include "util/atomic_file.hpp"
#include "util/error.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pycontainer::util {

std::string read_file(const std::filesystem::path& path, std::size_t max_size)
{
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw IoError("open", path.string(), errno);
  }
  std::string content;
  char buffer[64 * 1024];
  for (;;) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      int saved = errno;
      ::close(fd);
      throw IoError("read", path.string(), saved);
    }
    if (got == 0) {
      break;
    }
    content.append(buffer, static_cast<std::size_t>(got));
    if (content.size() > max_size) {
      ::close(fd);
      throw IoError("read", path.string(), "file is larger than " + std::to_string(max_size) + " bytes");
    }
  }
  ::close(fd);
  return content;
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content)
{
  AtomicFile file(path);
  file.write(content);
  file.commit();
}

bool write_file_if_changed(const std::filesystem::path& path, std::string_view content)
{
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error) && std::filesystem::file_size(path, error) == content.size() &&
      read_file(path) == content) {
    return false;
  }
  write_file_atomic(path, content);
  return true;
}

void create_directories(const std::filesystem::path& path)
{
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    throw IoError("create directory", path.string(), error.message());
  }
}

} // namespace pycontainer::util
