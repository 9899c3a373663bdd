#pragma once

#include "build/plan.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace pycontainer::cli {

// The options that describe an image, shared by `build` and the build-system steps (`layer`,
// `assemble`) so that every front end decides the image the same way.
struct BuildSettingsArguments {
  std::string context = ".";
  std::string config;
  std::string tag, base_image, workdir, entrypoint, cmd, user, platform, output;
  std::vector<std::string> env, labels, expose, include, exclude;
  bool no_reproducible = false;
};

void add_build_settings_options(CLI::App& command, BuildSettingsArguments& arguments);

// Throws UsageError for malformed values (K=V, commands).
build::BuildRequest to_request(const BuildSettingsArguments& arguments);

} // namespace pycontainer::cli
