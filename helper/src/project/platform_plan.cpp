#include "project/platform_plan.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <string>

namespace pycontainer::project {

BuildPlan plan_for_platform(BuildPlan plan, const oci::Platform& platform)
{
  plan.platform = platform;
  plan.platforms = {platform};
  plan.all_platforms = false;
  std::erase_if(plan.layers,
                [&](const LayerPlan& layer) { return layer.platform && !layer.platform->matches(platform); });
  return plan;
}

void check_layer_platforms(const BuildPlan& plan, const std::vector<oci::Platform>& platforms)
{
  for (const auto& layer : plan.layers) {
    if (!layer.platform || std::any_of(platforms.begin(), platforms.end(), [&](const oci::Platform& platform) {
          return layer.platform->matches(platform);
        })) {
      continue;
    }
    std::string built;
    for (const auto& platform : platforms) {
      built += built.empty() ? "" : ", ";
      built += platform.str();
    }
    throw UsageError("layer \"" + layer.name + "\" is for platform " + layer.platform->str() +
                     ", which this build does not make (it makes " + built + (plan.all_platforms ? ", the base's" : "") +
                     "): give its files one of those platforms, or build " + layer.platform->str() + " too");
  }
}

} // namespace pycontainer::project
