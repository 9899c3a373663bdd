#pragma once

#include "deps/lock_install.hpp"
#include "project/plan.hpp"
#include "remote/registry_options.hpp"

// Where a build's lock gets the wheels it does not have locally: a file of the lock's name in a
// --find-links directory (verified against the lock's sha256 by deps::stage_lock).
namespace pycontainer::pipeline {

// The provider for plan.include_deps (an empty one without).
deps::WheelProvider lock_wheels(const project::BuildPlan& plan, const remote::RegistryOptions& registry);

} // namespace pycontainer::pipeline
