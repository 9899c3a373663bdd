#include "pipeline/check_marker.hpp"

#include "cache/layer_key.hpp"
#include "util/file.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

namespace pycontainer::pipeline {

namespace {

namespace fs = std::filesystem;

constexpr auto k_marker_lifetime = std::chrono::hours(24 * 30);
constexpr auto k_racy_window = std::chrono::seconds(2);

fs::path markers(const fs::path& cache_directory)
{
  return cache_directory / "deps" / "checked";
}

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

std::optional<std::string> passed_before(const fs::path& cache_directory, const std::string& key)
{
  if (cache_directory.empty()) {
    return std::nullopt;
  }
  auto marker = markers(cache_directory) / key;
  std::error_code error;
  if (!fs::is_regular_file(marker, error)) {
    return std::nullopt;
  }
  fs::last_write_time(marker, fs::file_time_type::clock::now(), error);
  return fs::file_size(marker, error) == 0 ? std::string() : util::read_file(marker);
}

bool has_racy_entry(const std::vector<layer::Entry>& entries)
{
  auto now = std::chrono::system_clock::now();
  return std::any_of(entries.begin(), entries.end(),
                     [&](const layer::Entry& entry) { return cache::is_racy(entry, now, k_racy_window); });
}

void remember_pass(const fs::path& cache_directory, const std::string& key, const std::string& warnings)
{
  if (cache_directory.empty()) {
    return;
  }
  auto directory = markers(cache_directory);
  util::create_directories(directory);
  util::write_file_atomic(directory / key, warnings);
  remove_stale_markers(directory);
}

} // namespace pycontainer::pipeline
