#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::remote {

// What we authenticate with at one registry, and where it came from (named in errors, never the
// secret itself).
struct Credentials {
  std::string username;
  std::string password;
  std::string identity_token; // an OAuth2 refresh token (docker config "identitytoken")
  std::string bearer_token;   // a registry token sent as it is (REGISTRY_TOKEN)
  std::string source;         // "--username", "REGISTRY_USERNAME/REGISTRY_PASSWORD", "docker config /x/config.json"...
};

// Where credentials may come from; `environment` is getenv unless a test replaces it.
struct CredentialSources {
  std::optional<std::string> username; // --username
  std::optional<std::string> password; // --password-stdin or --password
  std::function<std::optional<std::string>(const std::string&)> environment;
};

// The environment as CredentialSources::environment expects it.
std::optional<std::string> process_environment(const std::string& name);

// Credentials for `registry` (as written in references: "docker.io", "ghcr.io", "127.0.0.1:5000"),
// looked up in this order:
//   1. --username with --password-stdin (or --password);
//   2. REGISTRY_USERNAME and REGISTRY_PASSWORD;
//   3. REGISTRY_TOKEN (a bearer token);
//   4. GITHUB_TOKEN, for ghcr.io only (user GITHUB_ACTOR, else "x-access-token");
//   5. the docker config ($DOCKER_CONFIG/config.json or ~/.docker/config.json): credHelpers[registry],
//      then credsStore, then auths[registry] ("auth" or "identitytoken");
//   6. podman's $REGISTRY_AUTH_FILE (same "auths" format);
//   7. `az acr login --name NAME --expose-token` for NAME.azurecr.io (no az: anonymous; az failing: a
//      warning with its message, then anonymous).
// nullopt means anonymous. A broken source (unreadable config, helper crashing or printing garbage)
// throws Error naming it; a helper answering "credentials not found" means anonymous.
std::optional<Credentials> find_credentials(const std::string& registry, const CredentialSources& sources);

// The keys a docker config may use for `registry`: Docker Hub's is "https://index.docker.io/v1/".
std::vector<std::string> docker_config_keys(const std::string& registry);

} // namespace pycontainer::remote
