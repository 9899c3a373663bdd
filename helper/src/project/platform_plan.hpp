#pragma once

#include "oci/platform.hpp"
#include "project/plan.hpp"

#include <vector>

namespace pycontainer::project {

// The plan of one platform of a build (of one or several): `platform` the one built and the only one,
// and the layers of FILES groups for other platforms (FileGroup::platform) left out.
BuildPlan plan_for_platform(BuildPlan plan, const oci::Platform& platform);

// Throws UsageError for a layer of a FILES group for a platform that is not among `platforms` (the
// build's, `all` resolved), naming the layer, its platform and the build's.
void check_layer_platforms(const BuildPlan& plan, const std::vector<oci::Platform>& platforms);

} // namespace pycontainer::project
