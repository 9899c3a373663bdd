#include "remote/credentials.hpp"

#include "remote/credential_helper.hpp"
#include "remote/docker_config.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/process.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

namespace pycontainer::remote {

namespace {

// The docker config (or auth file) at `path`; nullopt when there is none.
std::optional<DockerConfig> read_docker_config(const std::filesystem::path& path, const std::string& source)
{
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return std::nullopt;
  }
  return DockerConfig::parse(util::read_file(path, 16 * 1024 * 1024), source);
}

std::optional<Credentials> from_docker_config(const CredentialSources& sources, const std::vector<std::string>& keys)
{
  std::filesystem::path directory;
  if (auto env = sources.environment("DOCKER_CONFIG"); env && !env->empty()) {
    directory = *env;
  } else if (auto home = sources.environment("HOME"); home && !home->empty()) {
    directory = std::filesystem::path(*home) / ".docker";
  } else {
    return std::nullopt;
  }
  auto path = directory / "config.json";
  std::string source = "docker config " + path.string();
  auto config = read_docker_config(path, source);
  if (!config) {
    return std::nullopt;
  }
  if (auto helper = config->credential_helper(keys)) {
    return run_credential_helper(*helper, keys.front(), source + " credHelpers");
  }
  if (!config->credentials_store.empty()) {
    if (auto found = run_credential_helper(config->credentials_store, keys.front(), source + " credsStore")) {
      return found;
    }
  }
  return config->stored_credentials(keys);
}

std::optional<Credentials> from_azure_cli(const std::string& registry)
{
  auto name = registry.substr(0, registry.find('.'));
  util::ProcessResult result;
  try {
    result = util::run_process({"az", "acr", "login", "--name", name, "--expose-token", "--output", "json"}, "");
  } catch (const IoError&) {
    return std::nullopt; // no Azure CLI: anonymous
  }
  if (result.exit_code != 0) {
    auto said = result.said();
    log::warn("az acr login --name " + name + " --expose-token failed (exit status " +
              std::to_string(result.exit_code) + (said.empty() ? "" : ": " + said) + "); continuing without credentials");
    return std::nullopt;
  }
  auto json = nlohmann::json::parse(result.output, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("accessToken") || !json["accessToken"].is_string()) {
    throw Error("az acr login --expose-token printed no accessToken");
  }
  Credentials credentials;
  credentials.username = "00000000-0000-0000-0000-000000000000";
  credentials.password = json["accessToken"].get<std::string>();
  credentials.source = "az acr login --expose-token";
  return credentials;
}

} // namespace

std::optional<std::string> process_environment(const std::string& name)
{
  const char* value = std::getenv(name.c_str());
  return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

std::vector<std::string> docker_config_keys(const std::string& registry)
{
  if (registry == "docker.io" || registry == "index.docker.io" || registry == "registry-1.docker.io") {
    return {"https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io",
            "https://index.docker.io/v1", "https://registry-1.docker.io"};
  }
  return {registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v1/",
          "https://" + registry + "/v2/"};
}

std::optional<Credentials> find_credentials(const std::string& registry, const CredentialSources& sources)
{
  auto environment = sources.environment ? sources.environment : process_environment;
  CredentialSources with_environment = sources;
  with_environment.environment = environment;
  auto set = [](const std::optional<std::string>& value) { return value && !value->empty(); };

  if (set(sources.username)) {
    if (!sources.password) {
      throw UsageError("--username " + *sources.username + " needs --password-stdin");
    }
    return Credentials{*sources.username, *sources.password, "", "", "--username"};
  }
  if (auto user = environment("REGISTRY_USERNAME"), password = environment("REGISTRY_PASSWORD");
      set(user) || set(password)) {
    if (!set(user) || !set(password)) {
      throw UsageError("REGISTRY_USERNAME and REGISTRY_PASSWORD must be set together");
    }
    return Credentials{*user, *password, "", "", "REGISTRY_USERNAME/REGISTRY_PASSWORD"};
  }
  if (auto token = environment("REGISTRY_TOKEN"); set(token)) {
    return Credentials{"", "", "", *token, "REGISTRY_TOKEN"};
  }
  if (registry == "ghcr.io") {
    if (auto token = environment("GITHUB_TOKEN"); set(token)) {
      auto actor = environment("GITHUB_ACTOR");
      return Credentials{set(actor) ? *actor : "x-access-token", *token, "", "", "GITHUB_TOKEN"};
    }
  }
  auto keys = docker_config_keys(registry);
  if (auto found = from_docker_config(with_environment, keys)) {
    return found;
  }
  if (auto file = environment("REGISTRY_AUTH_FILE"); set(file)) {
    if (auto config = read_docker_config(*file, "REGISTRY_AUTH_FILE " + *file)) {
      if (auto found = config->stored_credentials(keys)) {
        return found;
      }
    }
  }
  if (registry.ends_with(".azurecr.io")) {
    return from_azure_cli(registry);
  }
  return std::nullopt;
}

} // namespace pycontainer::remote
