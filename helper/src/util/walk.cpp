#include "util/walk.hpp"

#include "util/error.hpp"
#include "util/fd.hpp"

#include <cerrno>
#include <memory>
#include <string>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

namespace pycontainer::util {

namespace {

using Visitor = std::function<Walk(std::string_view, const struct ::stat&)>;

struct CloseDirectory {
  void operator()(DIR* directory) const { closedir(directory); }
};

void walk_directory(Fd directory_fd, const std::filesystem::path& root, std::string& relative, const Visitor& visit)
{
  std::unique_ptr<DIR, CloseDirectory> directory(fdopendir(directory_fd.get()));
  if (!directory) {
    throw IoError("read directory", (root / relative).string(), errno);
  }
  directory_fd.release(); // the DIR owns it now
  auto prefix_size = relative.size();
  while (dirent* item = readdir(directory.get())) {
    std::string_view name(item->d_name);
    if (name == "." || name == "..") {
      continue;
    }
    struct stat status {};
    if (fstatat(dirfd(directory.get()), item->d_name, &status, AT_SYMLINK_NOFOLLOW) != 0) {
      throw IoError("stat", (root / relative / name).string(), errno);
    }
    relative.resize(prefix_size);
    if (prefix_size != 0) {
      relative += '/';
    }
    relative += name;
    if (visit(relative, status) == Walk::descend && S_ISDIR(status.st_mode)) {
      Fd child(openat(dirfd(directory.get()), item->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!child) {
        throw IoError("open directory", (root / relative).string(), errno);
      }
      walk_directory(std::move(child), root, relative, visit);
    }
  }
  relative.resize(prefix_size);
}

} // namespace

void walk_tree(const std::filesystem::path& root, const Visitor& visit)
{
  Fd fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) {
    throw IoError("open directory", root.string(), errno);
  }
  std::string relative;
  walk_directory(std::move(fd), root, relative, visit);
}

} // namespace pycontainer::util
