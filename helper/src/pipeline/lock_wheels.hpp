#pragma once

#include "deps/lock_install.hpp"
#include "project/plan.hpp"
#include "remote/registry_options.hpp"

// Where a build's lock gets the wheels it does not have locally: a remote::PackageIndex of the plan's
// index settings (--index-url, --extra-index-url, --find-links, --no-index) over the registry HTTP
// client, downloads cached by hash in <cache>/downloads. A lock's file with a URL comes from that cache,
// else from a --find-links directory holding a file of its name, else from its URL; each verified
// against the lock's sha256 (by the index while it streams, and by deps::stage_lock). A package whose
// lock names an index URL that is not configured is looked for there instead (--find-links still), and
// the host's pip building its sdist takes its build requirements from there: one function decides it
// for listing, messages and pip alike.
namespace pycontainer::pipeline {

// The provider for plan.include_deps (an empty one without).
deps::WheelProvider lock_wheels(const project::BuildPlan& plan, const remote::RegistryOptions& registry);

} // namespace pycontainer::pipeline
