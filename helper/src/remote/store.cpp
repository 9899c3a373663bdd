#include "remote/store.hpp"

#include "util/error.hpp"
#include "util/file.hpp"

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

util::FileLock lock_store(const RegistryOptions& options)
{
  auto directory = cache_directory(options);
  util::create_directories(directory);
  return util::FileLock(directory / "store.lock", util::LockMode::exclusive);
}

layout::Layout open_store(const RegistryOptions& options)
{
  auto lock = lock_store(options);
  return layout::Layout::open_or_create(store_directory(options));
}

} // namespace pycontainer::remote
