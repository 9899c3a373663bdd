#pragma once

#include "ref/reference.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pycontainer::project {

// Where a build pushes its image: its tags, or where `registry` (--registry, [registry] url,
// pycontainer-build's `registry` string) says instead:
//   a registry host alone       "ghcr.io", "localhost:5000": each tag's repository and tag on that host
//                               (hello:1 -> localhost:5000/hello:1: Docker Hub's implicit library/ left out)
//   a repository                "ghcr.io/acme/app": there, with each tag's tag
//   a reference with a tag      "ghcr.io/acme/app:1": that one reference
// Throws UsageError for a registry that is none of these (naming the setting).
std::vector<ref::Reference> push_destinations(const std::vector<ref::Reference>& tags,
                                              const std::optional<std::string>& registry);

// A push names its registry: a tag without one (`app:1`, `acme/app:1`) would go to Docker Hub, which is
// rarely meant (as ko and Jib, we refuse it). Throws UsageError naming the tag and the fixes unless
// `registry` names a host, or every tag begins with one (`localhost:5000/app:1`, `docker.io/acme/app:1`).
void check_push_registry(const std::vector<std::string>& tags, const std::optional<std::string>& registry);

} // namespace pycontainer::project
