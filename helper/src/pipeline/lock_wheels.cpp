#include "pipeline/lock_wheels.hpp"

#include "util/error.hpp"

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
  (void)registry; // for the package index's downloads, still to come
  if (!plan.include_deps) {
    return {};
  }
  const auto& settings = plan.include_deps->index;
  deps::WheelProvider wheels;
  wheels.describe = describe_index(settings);
  wheels.pip_options = pip_options(settings);
  wheels.fetch = [settings](const deps::LockedFile& file) {
    if (auto found = in_find_links(file, settings)) {
      return *found;
    }
    throw UsageError("'" + file.url + "' is not in a --find-links directory, and this pycontainer does not download "
                     "wheels yet: put " + file.name + " in a directory given to --find-links");
  };
  wheels.cached = [settings](const deps::LockedFile& file) { return in_find_links(file, settings); };
  return wheels;
}

} // namespace pycontainer::pipeline
