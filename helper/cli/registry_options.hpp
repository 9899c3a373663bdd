#pragma once

#include "oci/platform.hpp"
#include "remote/registry_options.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::cli {

// The registry flags shared by pull, push and build.
struct RegistryArguments {
  std::string cache_dir;
  std::string username;
  std::string password;
  bool password_stdin = false;
  std::string ca_file;
  std::vector<std::string> insecure_registries;
  std::vector<std::string> connect_to;
  int retries = 5;
  int request_timeout_seconds = static_cast<int>(remote::k_default_request_timeout.count() / 1000);
  int jobs = 4;
  bool no_progress = false;
  // push and build --push
  bool push = false;
  std::string registry; // build --registry: where --push sends the image instead of its tags
  std::string digest_file;
};

// --cache-dir, --username, --password-stdin, --password, the connection options below, --jobs, --no-progress.
void add_registry_options(CLI::App& command, RegistryArguments& arguments);
// --ca-file, --insecure-registry, --connect-to, --retries, --request-timeout: how any HTTP request of the
// command connects (registries, package indexes).
void add_connection_options(CLI::App& command, RegistryArguments& arguments);
// --digest-file (and, when `with_push_flag`, --push and --registry: for build).
void add_push_options(CLI::App& command, RegistryArguments& arguments, bool with_push_flag);

// The options the remote code takes; reads the password from stdin for --password-stdin (so call it
// once per command: stdin has nothing left the second time), warns about --password.
remote::RegistryOptions to_registry_options(const RegistryArguments& arguments);

// Pushes image `ref` of the layout at `layout_path` to `destinations`, prints each pushed
// NAME:TAG@sha256:... on stdout and writes them to `digest_file` (--digest-file) when not empty. The
// image's SBOM artifact (<ref>.sbom in the layout, from --sbom) is pushed after it to each destination
// as <tag>.sbom. An index is pushed with every platform's image, or only `platform`'s when given.
// Returns the lines printed.
std::vector<std::string> run_push(const std::filesystem::path& layout_path, const std::string& ref,
              const std::vector<std::string>& destinations, const remote::RegistryOptions& options,
              const std::string& digest_file, const std::optional<oci::Platform>& platform = std::nullopt);

} // namespace pycontainer::cli
