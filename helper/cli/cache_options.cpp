#include "cli/cache_options.hpp"

#include "cache/cache_directory.hpp"
#include "util/error.hpp"

namespace pycontainer::cli {

void add_cache_options(CLI::App& command, CacheArguments& arguments, bool with_cache_dir)
{
  if (with_cache_dir) {
    command.add_option("--cache-dir", arguments.cache_dir,
                       "Where packed layers are kept, shared by builds (default: $XDG_CACHE_HOME/pycontainer)");
  }
  command.add_flag("--no-cache", arguments.no_cache, "Pack every layer again and keep nothing in the layer cache");
  command.add_option("--cache-max-size", arguments.max_size,
                     "Bound of the layer cache, least recently used layers evicted first (K, M, G, T)")
    ->capture_default_str();
}

std::unique_ptr<cache::LayerCache> open_layer_cache(const CacheArguments& arguments, const std::string& cache_dir)
{
  cache::CacheSettings settings;
  settings.max_size = with_context("--cache-max-size", [&] { return cache::parse_size(arguments.max_size); });
  if (arguments.no_cache) {
    return nullptr;
  }
  settings.directory = cache::cache_directory(cache_dir);
  return std::make_unique<cache::LayerCache>(std::move(settings));
}

} // namespace pycontainer::cli
