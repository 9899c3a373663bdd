#pragma once

#include <filesystem>

namespace pycontainer::cache {

// The shared cache directory <cache>, holding the layer cache (<cache>/layers), the registry store
// (<cache>/store), the dependency steps' files (<cache>/deps) and downloaded distribution files
// (<cache>/downloads, remote/package_index.hpp): `cache_dir` (--cache-dir) when given,
// else $XDG_CACHE_HOME/pycontainer (an absolute XDG_CACHE_HOME only), else ~/.cache/pycontainer.
// Throws UsageError when none of them is set.
std::filesystem::path cache_directory(const std::filesystem::path& cache_dir);

} // namespace pycontainer::cache
