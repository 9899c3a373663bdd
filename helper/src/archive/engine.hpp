#pragma once

#include "oci/platform.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace pycontainer::archive {

// A container engine reached through its command line, as `build --load` uses it.
struct Engine {
  std::string program;   // "docker" or "podman"
  oci::Platform platform; // the engine's (its daemon's) os/architecture
};

// The running Docker (`docker version` reaches a daemon: DOCKER_HOST, the default socket), else Podman
// (`podman info` works). Throws UsageError saying what each answered when neither does.
Engine find_engine();

// `<engine> load -i FILE` of a docker-archive; returns the images the engine says it loaded ("app:1").
// Throws Error with what the engine said when it fails.
std::vector<std::string> load_archive(const Engine& engine, const std::filesystem::path& file);

} // namespace pycontainer::archive
