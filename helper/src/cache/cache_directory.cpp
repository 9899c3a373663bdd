#include "cache/cache_directory.hpp"

#include "util/error.hpp"

#include <cstdlib>

namespace pycontainer::cache {

std::filesystem::path cache_directory(const std::filesystem::path& cache_dir)
{
  if (!cache_dir.empty()) {
    return cache_dir;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/') {
    return std::filesystem::path(xdg) / "pycontainer";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".cache" / "pycontainer";
  }
  throw UsageError("no cache directory: set XDG_CACHE_HOME or HOME, or pass --cache-dir");
}

} // namespace pycontainer::cache
