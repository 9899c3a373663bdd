#include "deps/dependency_layers.hpp"

#include "deps/record.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <algorithm>
#include <sstream>
#include <system_error>
#include <utility>

namespace pycontainer::deps {

namespace {

namespace fs = std::filesystem;

// The sha256 ("sha256=<base64>") and size each file of `distributions` has by their RECORDs, by the
// file's path on this machine (the scripts' "../../../bin/x" lines resolved too).
std::map<std::string, std::pair<std::string, std::string>> recorded_files(const SitePackages& site,
                                                                         const std::vector<const Distribution*>& distributions)
{
  std::map<std::string, std::pair<std::string, std::string>> recorded;
  for (const auto* distribution : distributions) {
    auto record = site.directory / distribution->metadata_directory / "RECORD";
    std::error_code error;
    if (!fs::is_regular_file(record, error)) {
      continue;
    }
    std::istringstream lines(util::read_file(record, 64 * 1024 * 1024));
    std::string line;
    while (std::getline(lines, line)) {
      auto fields = record_fields(line);
      if (fields.size() == 3 && fields[1].starts_with("sha256=")) {
        recorded[(site.directory / fields[0]).lexically_normal().string()] = {fields[1], fields[2]};
      }
    }
  }
  return recorded;
}

} // namespace

bool platform_independent(const Distribution& distribution)
{
  return !distribution.wheel_tags.empty() &&
         std::all_of(distribution.wheel_tags.begin(), distribution.wheel_tags.end(),
                     [](const std::string& tag) { return tag.ends_with("-any"); });
}

std::map<std::string, std::string> dependency_layer_names(const std::vector<Distribution>& distributions)
{
  std::vector<const Distribution*> by_size;
  for (const auto& distribution : distributions) {
    by_size.push_back(&distribution);
  }
  std::stable_sort(by_size.begin(), by_size.end(), [](auto* a, auto* b) {
    return a->bytes != b->bytes ? a->bytes > b->bytes : a->key < b->key;
  });
  // The largest over the threshold, as many as the limit leaves beside "deps"; then one fewer when a
  // platform-independent distribution is left for "deps.any".
  std::size_t owned = 0;
  while (owned < by_size.size() && owned + 1 < k_max_dependency_layers && by_size[owned]->bytes >= k_own_layer_bytes) {
    ++owned;
  }
  bool any_left = std::any_of(by_size.begin() + static_cast<std::ptrdiff_t>(owned), by_size.end(),
                              [](auto* distribution) { return platform_independent(*distribution); });
  if (owned + 1 == k_max_dependency_layers && any_left) {
    --owned;
  }
  std::map<std::string, std::string> names;
  for (std::size_t i = 0; i < by_size.size(); ++i) {
    const auto& distribution = *by_size[i];
    names[distribution.key] = i < owned                             ? "deps-" + distribution.key
                              : platform_independent(distribution) ? std::string(k_any_platform_layer)
                                                                   : std::string(k_shared_layer);
  }
  return names;
}

std::string layer_content_key(const DependencyPlan& plan, const std::string& layer_name,
                              const std::vector<layer::Entry>& entries)
{
  if (!plan.generated_directory || plan.source.kind == SourceKind::venv || layer_name == k_shared_layer) {
    return ""; // a dry run; a venv; "deps" holds the unowned files and the venv's skeleton
  }
  auto names = dependency_layer_names(plan.site.distributions);
  std::vector<const Distribution*> distributions;
  for (const auto& distribution : plan.site.distributions) {
    if (names.at(distribution.key) == layer_name) {
      if (!platform_independent(distribution)) {
        return "";
      }
      distributions.push_back(&distribution);
    }
  }
  if (distributions.empty()) {
    return "";
  }
  auto recorded = recorded_files(plan.site, distributions);
  std::vector<const layer::Entry*> sorted;
  for (const auto& entry : entries) {
    sorted.push_back(&entry);
  }
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->path < b->path; });
  util::Sha256 key;
  key.update("pycontainer platform-independent layer 1\n" + layer_name + "\n");
  for (const auto* entry : sorted) {
    std::string content;
    if (entry->type == layer::EntryType::regular) {
      auto found = recorded.find(fs::path(entry->source).lexically_normal().string());
      bool trusted = found != recorded.end() && found->second.second == std::to_string(entry->size);
      content = trusted ? found->second.first : "read " + util::sha256_file_hex(entry->source);
    }
    key.update(entry->path + '\0' + std::to_string(static_cast<int>(entry->type)) + '\0' + std::to_string(entry->mode) +
               '\0' + std::to_string(entry->size) + '\0' + entry->link_target + '\0' + content + '\n');
  }
  return key.finish_hex();
}

} // namespace pycontainer::deps
