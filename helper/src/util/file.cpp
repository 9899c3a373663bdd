#include "util/file.hpp"

#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/fd.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pycontainer::util {

namespace {

const char* kind_of(mode_t mode)
{
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "an unknown kind of file";
}

IoError changed(const std::filesystem::path& path)
{
  return IoError("read", path.string(), "changed while the build read it; run the build again");
}

// Reads `path` into a string up to `limit` bytes; with `whole`, a longer file is an IoError.
std::string read_up_to(const std::filesystem::path& path, std::size_t limit, bool whole)
{
  struct stat status {};
  Fd file(open_input_file(path, status));
  std::string content;
  char buffer[64 * 1024];
  // One byte past the limit tells a file of exactly `limit` bytes from a longer one.
  std::size_t wanted = whole ? limit + 1 : limit;
  while (content.size() < wanted) {
    auto got = read_some(file.get(), buffer, std::min(sizeof buffer, wanted - content.size()), path);
    if (got == 0) {
      break;
    }
    content.append(buffer, got);
  }
  if (whole && content.size() > limit) {
    throw IoError("read", path.string(), "file is larger than " + std::to_string(limit) + " bytes");
  }
  return content;
}

} // namespace

int open_input_file(const std::filesystem::path& path, struct ::stat& status, const FileIdentity* listed)
{
  int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (listed ? O_NOFOLLOW : 0);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) {
    if (listed && (errno == ELOOP || errno == ENOENT)) {
      throw changed(path);
    }
    throw IoError("open", path.string(), errno);
  }
  Fd opened(fd);
  if (::fstat(fd, &status) != 0) {
    throw IoError("stat", path.string(), errno);
  }
  if (listed && (static_cast<std::uint64_t>(status.st_dev) != listed->device
                 || static_cast<std::uint64_t>(status.st_ino) != listed->inode)) {
    throw changed(path);
  }
  if (!S_ISREG(status.st_mode)) {
    throw UsageError("'" + path.string() + "' is " + kind_of(status.st_mode)
                     + ", not a regular file (replace it with a file)");
  }
  int status_flags = ::fcntl(fd, F_GETFL);
  if (status_flags < 0 || ::fcntl(fd, F_SETFL, status_flags & ~O_NONBLOCK) != 0) {
    throw IoError("open", path.string(), errno);
  }
  return opened.release();
}

std::size_t read_some(int fd, void* buffer, std::size_t size, const std::filesystem::path& path)
{
  ssize_t got;
  do {
    got = ::read(fd, buffer, size);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    throw IoError("read", path.string(), errno);
  }
  return static_cast<std::size_t>(got);
}

std::string read_file(const std::filesystem::path& path, std::size_t max_size)
{
  return read_up_to(path, max_size, true);
}

std::string read_file_start(const std::filesystem::path& path, std::size_t size)
{
  return read_up_to(path, size, false);
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
