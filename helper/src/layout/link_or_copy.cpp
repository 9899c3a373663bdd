#include "layout/layout.hpp"

#include "layout/file_chunks.hpp"
#include "util/atomic_file.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <random>
#include <string>

namespace pycontainer::layout {

namespace {

// A name beside `target` that no other process uses: link(2) has no mkstemp.
std::filesystem::path unique_temp_name(const std::filesystem::path& target)
{
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  return target.string() + ".link." + std::to_string(::getpid()) + "." + std::to_string(generator());
}

void copy_blob(const std::filesystem::path& source, const std::filesystem::path& target)
{
  util::AtomicFile file(target);
  read_in_chunks(source, [&](const char* data, std::size_t size) { file.write(data, size); });
  file.commit();
}

} // namespace

void Layout::link_or_copy_blob(const std::filesystem::path& source, const oci::Digest& digest) const
{
  if (has_blob(digest)) {
    return;
  }
  auto target = blob_path(digest);
  util::create_directories(target.parent_path());
  for (;;) {
    auto temp = unique_temp_name(target);
    // Following a symlinked source (link(2) on Linux would link the link itself: Bazel's sandbox hands
    // inputs over as absolute links that dangle once it is gone).
    if (::linkat(AT_FDCWD, source.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      int result = ::rename(temp.c_str(), target.c_str());
      int saved = errno;
      // rename() of two links to one file does nothing and succeeds: the temporary name may remain.
      ::unlink(temp.c_str());
      if (result != 0) {
        throw IoError("rename to", target.string(), saved);
      }
      return;
    }
    if (errno == EEXIST) {
      continue;
    }
    if (errno == EXDEV || errno == EPERM || errno == EMLINK || errno == ENOTSUP) {
      copy_blob(source, target);
      return;
    }
    throw IoError("link", source.string(), errno);
  }
}

} // namespace pycontainer::layout
