#include "project/push_destinations.hpp"

#include "util/error.hpp"

#include <algorithm>

namespace pycontainer::project {

namespace {

// "ghcr.io", "localhost", "localhost:5000", "[::1]:5000": a host the way references tell one from a
// Docker Hub repository ("app"), by a '.' or ':' or being localhost.
bool is_host(const std::string& text)
{
  return text.find('/') == std::string::npos &&
         (text.find('.') != std::string::npos || text.find(':') != std::string::npos || text == "localhost");
}

bool adds(const std::vector<ref::Reference>& destinations, const ref::Reference& reference)
{
  return std::none_of(destinations.begin(), destinations.end(),
                      [&](const ref::Reference& other) { return other.str() == reference.str(); });
}

// Whether a reference as written begins with a registry host ("ghcr.io/acme/app", "localhost:5000/app").
bool names_registry(const std::string& text)
{
  auto slash = text.find('/');
  return slash != std::string::npos && is_host(text.substr(0, slash));
}

} // namespace

void check_push_registry(const std::vector<std::string>& tags, const std::optional<std::string>& registry)
{
  if (registry) {
    if (!is_host(*registry) && !names_registry(*registry)) {
      throw UsageError("registry \"" + *registry + "\" names no registry host, so the push would go to Docker Hub "
                       "(docker.io); name the host: localhost:5000, ghcr.io/acme, docker.io/" + *registry);
    }
    return;
  }
  for (const auto& tag : tags) {
    if (!names_registry(tag)) {
      throw UsageError("--push: tag \"" + tag + "\" names no registry, so it would go to Docker Hub as docker.io/" +
                       (tag.find('/') == std::string::npos ? "library/" : "") + tag +
                       "; name the registry in the tag (-t localhost:5000/" + tag + ", -t docker.io/" +
                       (tag.find('/') == std::string::npos ? "library/" : "") + tag +
                       " to mean Docker Hub) or give --registry HOST");
    }
  }
}

std::vector<ref::Reference> push_destinations(const std::vector<ref::Reference>& tags,
                                              const std::optional<std::string>& registry)
{
  if (!registry) {
    return tags;
  }
  const std::string& text = *registry;
  auto parse = [&](const std::string& reference) {
    return with_context("registry \"" + text + "\"", [&] { return ref::Reference::parse(reference); });
  };
  std::vector<ref::Reference> destinations;
  if (is_host(text)) {
    for (const auto& tag : tags) {
      std::string repository = tag.repository;
      if (tag.registry == "docker.io" && repository.starts_with("library/")) {
        repository.erase(0, 8);
      }
      auto destination = parse(text + "/" + repository + ":" + tag.tag);
      if (adds(destinations, destination)) {
        destinations.push_back(std::move(destination));
      }
    }
    return destinations;
  }
  auto target = parse(text);
  if (!target.digest.empty()) {
    throw UsageError("registry \"" + text + "\" names a digest; name a registry, a repository or NAME:TAG to push to");
  }
  bool names_a_tag = text.substr(text.rfind('/') + 1).find(':') != std::string::npos;
  if (names_a_tag) {
    return {target};
  }
  for (const auto& tag : tags) {
    auto destination = target;
    destination.tag = tag.tag;
    if (adds(destinations, destination)) {
      destinations.push_back(std::move(destination));
    }
  }
  return destinations;
}

} // namespace pycontainer::project
