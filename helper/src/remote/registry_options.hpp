#pragma once

#include "remote/http.hpp"
#include "remote/retry.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::remote {

// What the user says about registries (command-line flags; environment defaults resolved later).
struct RegistryOptions {
  // --cache-dir: the shared content-addressed store lives in <cache_dir>/store; empty means
  // cache::cache_directory()'s default.
  std::filesystem::path cache_dir;
  std::optional<std::string> username; // --username
  std::optional<std::string> password; // --password-stdin / --password
  // --ca-file: CA certificates (PEM) trusted besides the system's by every HTTPS request, to the
  // registry and its token realm alike; $SSL_CERT_FILE when empty.
  std::string ca_file;
  // Hosts (host[:port]) that may be reached over plain HTTP and whose TLS certificates are not
  // verified, as Docker's insecure-registries. Loopback hosts may use plain HTTP without this.
  std::vector<std::string> insecure_registries;
  // --connect-to HOST:PORT:CONNECT-HOST:CONNECT-PORT rules (remote/connect_to.hpp), for every request.
  std::vector<std::string> connect_to;
  RetryPolicy retry;
  // --request-timeout: the longest one request may take (ConnectionSettings::request_timeout).
  std::chrono::milliseconds request_timeout = k_default_request_timeout;
  int jobs = 4;           // blobs (and a lock's package files) transferred in parallel
  bool progress = true;   // per-blob progress on stderr (bars on a TTY, lines otherwise)
};

// How every request connects under these options: --ca-file (else $SSL_CERT_FILE; UsageError when
// missing), --connect-to (checked) and --request-timeout.
ConnectionSettings connection_settings(const RegistryOptions& options);

// <cache_dir>/store: an OCI image layout shared by all builds.
std::filesystem::path store_directory(const RegistryOptions& options);

} // namespace pycontainer::remote
