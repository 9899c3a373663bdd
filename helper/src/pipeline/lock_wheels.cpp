#include "pipeline/lock_wheels.hpp"

#include "remote/package_index.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

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

// The settings a package's files are looked for with: the configured ones, or for a package whose lock
// names an index (`lock_index`) that is not configured, that index instead of the configured ones, with
// the --find-links directories still, as the tool that wrote the lock installs from it. With --no-index,
// the configured ones (--find-links and the lock's URLs only). The one place that decides it: listing,
// messages and the host's pip building an sdist all ask it.
project::PackageIndexSettings settings_for(const project::PackageIndexSettings& settings, const std::string& lock_index)
{
  // "https://h/simple" and "https://h/simple/" are one index (PackageIndex asks both with the slash).
  auto same_index = [&](std::string_view url) {
    auto without_slash = [](std::string_view text) { return text.ends_with('/') ? text.substr(0, text.size() - 1) : text; };
    return without_slash(url) == without_slash(lock_index);
  };
  bool configured = same_index(settings.index_url) ||
                    std::any_of(settings.extra_index_urls.begin(), settings.extra_index_urls.end(), same_index);
  if (lock_index.empty() || settings.no_index || configured) {
    return settings;
  }
  auto chosen = settings;
  chosen.index_url = lock_index;
  chosen.extra_index_urls.clear();
  return chosen;
}

std::string describe_index(const project::PackageIndexSettings& settings, bool lock_source)
{
  std::string text = settings.no_index ? "" : "index " + settings.index_url + (lock_source ? " (the lock's source)" : "");
  for (const auto& url : settings.no_index ? std::vector<std::string>{} : settings.extra_index_urls) {
    text += ", " + url;
  }
  for (const auto& link : settings.find_links) {
    text += (text.empty() ? "" : ", ") + std::string("--find-links ") + link;
  }
  return text.empty() ? "no index (--no-index and no --find-links)" : text;
}

std::vector<std::string> pip_index_options(const project::PackageIndexSettings& settings)
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

remote::PackageIndexOptions index_options(const project::PackageIndexSettings& settings)
{
  remote::PackageIndexOptions options;
  options.index_urls.push_back(settings.index_url);
  options.index_urls.insert(options.index_urls.end(), settings.extra_index_urls.begin(), settings.extra_index_urls.end());
  options.find_links.assign(settings.find_links.begin(), settings.find_links.end());
  options.no_index = settings.no_index;
  return options;
}

} // namespace

deps::WheelProvider lock_wheels(const project::BuildPlan& plan, const remote::RegistryOptions& registry)
{
  if (!plan.include_deps) {
    return {};
  }
  const auto& settings = plan.include_deps->index;
  // Reads only (the netrc): a dry run makes one too, and asks it only what is cached.
  auto index = std::make_shared<remote::PackageIndex>(index_options(settings), registry, plan.cache_directory);
  // One PackageIndex for each index a lock names instead, made when first asked.
  struct LockIndexes {
    std::mutex mutex;
    std::map<std::string, std::shared_ptr<remote::PackageIndex>> by_url;
  };
  auto lock_indexes = std::make_shared<LockIndexes>();
  auto index_for = [=, cache = plan.cache_directory](const std::string& lock_index) {
    auto chosen = settings_for(settings, lock_index);
    if (chosen.index_url == settings.index_url) {
      return index;
    }
    std::lock_guard lock(lock_indexes->mutex);
    auto& found = lock_indexes->by_url[chosen.index_url];
    if (!found) {
      found = std::make_shared<remote::PackageIndex>(index_options(chosen), registry, cache);
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
  wheels.describe = [settings](const std::string& lock_index) {
    auto chosen = settings_for(settings, lock_index);
    return describe_index(chosen, chosen.index_url != settings.index_url);
  };
  wheels.pip_options = [settings](const std::string& lock_index) { return pip_index_options(settings_for(settings, lock_index)); };
  wheels.transfers = static_cast<unsigned>(std::max(1, registry.jobs));
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
    auto fetched = index->fetch(index_file(file, found ? found->string() : file.url));
    return deps::VerifiedFile{std::move(fetched.path), std::move(fetched.sha256)};
  };
  wheels.cached = [index, settings, index_file](const deps::LockedFile& file) {
    auto cached = index->cached(index_file(file, file.url));
    return cached ? cached : in_find_links(file, settings);
  };
  return wheels;
}

} // namespace pycontainer::pipeline
