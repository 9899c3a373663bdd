#include "remote/store.hpp"

#include "cache/cache_directory.hpp"
#include "util/file.hpp"

namespace pycontainer::remote {

std::filesystem::path store_directory(const RegistryOptions& options)
{
  return cache::cache_directory(options.cache_dir) / "store";
}

util::FileLock lock_store(const RegistryOptions& options)
{
  auto directory = cache::cache_directory(options.cache_dir);
  util::create_directories(directory);
  return util::FileLock(directory / "store.lock", util::LockMode::exclusive);
}

layout::Layout open_store(const RegistryOptions& options)
{
  auto lock = lock_store(options);
  return layout::Layout::open_or_create(store_directory(options));
}

} // namespace pycontainer::remote
