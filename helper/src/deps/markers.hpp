#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

// PEP 508 environment markers ("python_version < '3.11' and sys_platform == 'linux'"), evaluated as
// packaging (the reference implementation) does: a comparison is a PEP 440 version comparison when
// its right side makes a specifier with the operator, else a string comparison ("in" a substring
// test); `extra` names compare PEP 685-normalised, and PEP 751's `extras` and `dependency_groups` are
// sets tested with "in". The legacy dotted names (os.name, sys.platform, platform.machine, ...) are read too.
namespace pycontainer::deps {

struct MarkerEnvironment {
  std::map<std::string, std::string> values; // python_version, platform_machine, ...
  std::set<std::string> extras;              // normalised: what `extra == "x"` and `"x" in extras` test
  std::set<std::string> dependency_groups;   // normalised: `"dev" in dependency_groups`
};

// The environment of a CPython `python_full_version` ("3.11.2"; "3.11" is read as "3.11.0") on Linux
// for `machine` ("x86_64", "aarch64": platform_machine). platform_release and platform_version (the
// kernel's) are empty: a container's kernel is not the image's.
MarkerEnvironment linux_environment(const std::string& python_full_version, const std::string& machine);

// Whether `marker` holds in `environment`; an empty marker holds. UsageError "marker '...': what is
// wrong at column N" for a marker that is not PEP 508 (the caller adds where it was read).
bool marker_holds(std::string_view marker, const MarkerEnvironment& environment);

} // namespace pycontainer::deps
