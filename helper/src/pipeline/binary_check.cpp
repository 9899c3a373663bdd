#include "pipeline/binary_check.hpp"

#include "cache/layer_key.hpp"
#include "deps/dependency_plan.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/sha256.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

namespace pycontainer::pipeline {

namespace {

namespace fs = std::filesystem;

constexpr auto k_racy_window = std::chrono::seconds(2);
constexpr auto k_marker_lifetime = std::chrono::hours(24 * 30);

void remove_stale_markers(const fs::path& directory)
{
  std::error_code error;
  auto oldest = fs::file_time_type::clock::now() - k_marker_lifetime;
  for (const auto& item : fs::directory_iterator(directory, error)) {
    std::error_code ignored;
    if (item.last_write_time(ignored) < oldest) {
      fs::remove(item.path(), ignored);
    }
  }
}

} // namespace

void check_layer_binaries(const project::LayerPlan& layer, const std::string& layer_key, const BinaryCheck& check,
                          const fs::path& cache_directory)
{
  if (cache_directory.empty()) {
    deps::check_binaries(layer.entries, layer.name, check.platform, check.libc);
    return;
  }
  auto key = util::sha256_hex("elf check 2\n" + check.platform.str() + "\n" + deps::to_string(check.libc) + "\n" +
                              layer_key);
  auto directory = cache_directory / "deps" / "checked";
  auto marker = directory / key;
  std::error_code error;
  if (fs::exists(marker, error)) {
    fs::last_write_time(marker, fs::file_time_type::clock::now(), error);
    log::verbose("layer " + layer.name + ": binaries checked before (" + key.substr(0, 12) + ")");
    return;
  }
  deps::check_binaries(layer.entries, layer.name, check.platform, check.libc);
  auto now = std::chrono::system_clock::now();
  bool racy = std::any_of(layer.entries.begin(), layer.entries.end(),
                          [&](const layer::Entry& entry) { return cache::is_racy(entry, now, k_racy_window); });
  if (racy) {
    return;
  }
  util::create_directories(directory);
  util::write_file_atomic(marker, "");
  remove_stale_markers(directory);
}

} // namespace pycontainer::pipeline
