#pragma once

#include "project/settings.hpp"

#include <filesystem>

namespace pycontainer::project {

// Reads a pycontainer.toml: [build] (the build settings), [build.env], [build.labels] and
// [registry] (url, username). Keys may be spelt with '-' or '_'; the old tool's (pycontainer-build's)
// names and keys are accepted: include_paths, exposed_ports, output_dir, generate_sbom (a format, or
// true for SPDX), requirements_file, use_cache, and push, dry_run, verbose, no_cache. Unknown tables or keys and
// values of the wrong type are UsageErrors "file:line:column: ..." that name the key and, for a
// likely misspelling, the key meant. A missing file is a UsageError.
SettingsLayer load_config_file(const std::filesystem::path& file);

// Reads [tool.pycontainer] of a pyproject.toml: the [build] keys directly, with env, labels and
// registry as sub-tables; `registry` may also be pycontainer-build's string (the [registry] url). No such table gives an empty layer.
SettingsLayer load_tool_table(const std::filesystem::path& pyproject_file);

} // namespace pycontainer::project
