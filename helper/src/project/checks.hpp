#pragma once

#include "deps/dependency_plan.hpp"
#include "project/plan.hpp"

#include <string>

// Checks that catch an image that would not run, before anything is written.
namespace pycontainer::project {

// UsageError when the project's requires-python (PEP 621, or Poetry's python dependency) excludes the
// base's Python, naming both and the fixes (a base it admits, --ignore-requires-python). Nothing is
// checked with plan.ignore_requires_python, without a requires-python, or for a base without Python.
void check_requires_python(const BuildPlan& plan, const deps::BasePython& base);

// Whether the build needs the base's Python for check_requires_python.
bool checks_requires_python(const BuildPlan& plan);

// For include_deps that found no dependency source (a lock in the context would be one): UsageError when
// the project has Poetry dependencies but no poetry.lock, saying how to lock or export them; else a
// warning that the image has no dependency layers.
void report_no_dependencies(const BuildPlan& plan);

} // namespace pycontainer::project
