#pragma once

#include "deps/dependency_plan.hpp"
#include "deps/distributions.hpp"
#include "layer/layer_writer.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

// Which layer each distribution goes into (plan_dependencies' grouping). Each distribution of at least
// k_own_layer_bytes, the largest first, up to k_max_dependency_layers - 1 of them (one fewer when
// "deps.any" is needed too), gets a layer of its own ("deps-<name>"); of the others, the
// platform-independent ones (platform_independent()) share "deps.any", and the rest, unowned files and the
// venv's skeleton share "deps", always the last layer. A distribution's layer depends only on its own size
// against the threshold, the few larger ones and whether it is platform-independent, so upgrading one
// package changes one layer; and the grouping depends on the set of distributions alone, not on the
// platform, so the images of an image index get the same platform-independent layers, which
// layer_content_key() names by their content.
namespace pycontainer::deps {

// '.' is in no normalised name, so no distribution's own layer ("deps-<name>") is named like these.
inline constexpr std::string_view k_any_platform_layer = "deps.any";
inline constexpr std::string_view k_shared_layer = "deps";

// Whether a distribution's installed files are the same on every platform: a wheel whose every tag is
// for any platform ("py3-none-any"). One without WHEEL tags (an egg-info: Debian's packages, setup.py
// installs) is taken for platform-specific.
bool platform_independent(const Distribution& distribution);

// The layer of each distribution, by key.
std::map<std::string, std::string> dependency_layer_names(const std::vector<Distribution>& distributions);

// For a layer of `plan` (`entries`, as planned) holding only platform-independent distributions that
// PyContainer staged (a lock's, or pip's install of requirements; never a venv, whose files may have been
// edited after their RECORD was written): a hash of every entry's path, type, mode, size, link target and
// content, the content named by the sha256 its distribution's RECORD gives (when the size found is
// RECORD's), else read. The same on every platform when the files are, whichever directory each staged
// them in. Empty for any other layer, and in a dry run.
std::string layer_content_key(const DependencyPlan& plan, const std::string& layer_name,
                              const std::vector<layer::Entry>& entries);

} // namespace pycontainer::deps
