#pragma once

#include "cache/layer_cache.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace pycontainer::cli {

// The layer cache flags of `build` and `layer`.
struct CacheArguments {
  bool no_cache = false;
  std::string max_size = "5G";
  std::string cache_dir; // --cache-dir, on commands without the registry options (which have their own)
};

// --no-cache, --cache-max-size and, when `with_cache_dir`, --cache-dir (commands with the registry
// options share theirs).
void add_cache_options(CLI::App& command, CacheArguments& arguments, bool with_cache_dir);

// The cache in `cache_dir` (empty: $XDG_CACHE_HOME/pycontainer, else ~/.cache/pycontainer), or nullptr
// with --no-cache. Throws UsageError for a bad --cache-max-size.
std::unique_ptr<cache::LayerCache> open_layer_cache(const CacheArguments& arguments, const std::string& cache_dir);

} // namespace pycontainer::cli
