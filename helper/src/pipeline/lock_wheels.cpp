#include "pipeline/lock_wheels.hpp"

#include "remote/package_index.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace pycontainer::pipeline {

namespace {

namespace fs = std::filesystem;

// A --find-links directory's file of that name.
std::optional<fs::path> in_find_links(const deps::LockedFile& file, const project::PackageIndexSettings& settings)
{
  for (const auto& link : settings.find_links) {
    std::error_code error;
    if (link.find("://") == std::string::npos && fs::is_regular_file(fs::path(link) / file.name, error)) {
      return fs::path(link) / file.name;
    }
  }
  return std::nullopt;
}

std::string describe_index(const project::PackageIndexSettings& settings)
{
  std::string text = settings.no_index ? "" : "index " + settings.index_url;
  for (const auto& url : settings.no_index ? std::vector<std::string>{} : settings.extra_index_urls) {
    text += ", " + url;
  }
  for (const auto& link : settings.find_links) {
    text += (text.empty() ? "" : ", ") + std::string("--find-links ") + link;
  }
  return text.empty() ? "no index (--no-index and no --find-links)" : text;
}

std::vector<std::string> pip_options(const project::PackageIndexSettings& settings)
{
  std::vector<std::string> options{"--index-url", settings.index_url};
  for (const auto& url : settings.extra_index_urls) {
    options.insert(options.end(), {"--extra-index-url", url});
  }
  for (const auto& link : settings.find_links) {
    options.insert(options.end(), {"--find-links", link});
  }
  if (settings.no_index) {
    options.push_back("--no-index");
  }
  return options;
}

} // namespace

deps::WheelProvider lock_wheels(const project::BuildPlan& plan, const remote::RegistryOptions& registry)
{
  if (!plan.include_deps) {
    return {};
  }
  const auto& settings = plan.include_deps->index;
  remote::PackageIndexOptions options;
  options.index_urls.push_back(settings.index_url);
  options.index_urls.insert(options.index_urls.end(), settings.extra_index_urls.begin(), settings.extra_index_urls.end());
  options.find_links.assign(settings.find_links.begin(), settings.find_links.end());
  options.no_index = settings.no_index;
  // Reads only (the netrc): a dry run makes one too, and asks it only what is cached.
  auto index = std::make_shared<remote::PackageIndex>(options, registry, plan.cache_directory);
  // A package the lock names an index for is listed there instead of on the configured indexes (with the
  // --find-links directories still); one PackageIndex per such index, made when first asked.
  struct LockIndexes {
    std::mutex mutex;
    std::map<std::string, std::shared_ptr<remote::PackageIndex>> by_url;
  };
  auto lock_indexes = std::make_shared<LockIndexes>();
  auto index_for = [=, cache = plan.cache_directory](const std::string& lock_index) {
    auto configured = std::find(options.index_urls.begin(), options.index_urls.end(), lock_index);
    if (lock_index.empty() || options.no_index || configured != options.index_urls.end()) {
      return index;
    }
    std::lock_guard lock(lock_indexes->mutex);
    auto& found = lock_indexes->by_url[lock_index];
    if (!found) {
      auto with_lock_index = options;
      with_lock_index.index_urls = {lock_index};
      found = std::make_shared<remote::PackageIndex>(with_lock_index, registry, cache);
    }
    return found;
  };
  auto index_file = [](const deps::LockedFile& file, const std::string& url) {
    remote::IndexFile indexed;
    indexed.filename = file.name;
    indexed.url = url;
    indexed.hashes = file.hashes;
    return indexed;
  };

  deps::WheelProvider wheels;
  wheels.describe = describe_index(settings);
  wheels.pip_options = pip_options(settings);
  wheels.list = [index_for](const std::string& name, const std::string& lock_index) {
    std::vector<deps::LockedFile> files;
    for (const auto& file : index_for(lock_index)->project_files(name)) {
      files.push_back(deps::LockedFile{file.filename, file.url, "", file.hashes, std::nullopt});
    }
    return files;
  };
  // The cache, else a --find-links directory's file of the name, else the lock's URL.
  wheels.fetch = [index, settings, index_file](const deps::LockedFile& file) {
    auto found = in_find_links(file, settings);
    return index->fetch(index_file(file, found ? found->string() : file.url));
  };
  wheels.cached = [index, settings, index_file](const deps::LockedFile& file) {
    auto cached = index->cached(index_file(file, file.url));
    return cached ? cached : in_find_links(file, settings);
  };
  return wheels;
}

} // namespace pycontainer::pipeline
