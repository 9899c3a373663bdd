#include "remote/credentials.hpp"

#include "util/error.hpp"
#include "util/process.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

namespace pycontainer::remote {

namespace {

std::string base64_decode(std::string_view text)
{
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string result;
  int bits = 0;
  unsigned accumulator = 0;
  for (char c : text) {
    if (c == '=' || c == '\n' || c == '\r') {
      continue;
    }
    int v = value(c);
    if (v < 0) {
      throw UsageError("invalid base64");
    }
    accumulator = (accumulator << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      result += static_cast<char>((accumulator >> bits) & 0xff);
    }
  }
  return result;
}

std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path, const std::string& what)
{
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return std::nullopt;
  }
  auto json = nlohmann::json::parse(util::read_file(path, 16 * 1024 * 1024), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    throw UsageError(what + " '" + path.string() + "' is not valid JSON");
  }
  return json;
}

// docker-credential-<helper> get, per github.com/docker/docker-credential-helpers.
std::optional<Credentials> run_credential_helper(const std::string& helper, const std::string& server,
                                                 const std::string& source)
{
  std::string program = "docker-credential-" + helper;
  util::ProcessResult result;
  try {
    result = util::run_process({program, "get"}, server);
  } catch (Error& error) {
    error.add_context("credential helper " + program + " (" + source + ")");
    throw;
  }
  if (result.exit_code != 0) {
    if ((result.output + result.errors).find("credentials not found") != std::string::npos) {
      return std::nullopt;
    }
    auto said = result.said();
    throw Error("credential helper " + program + " (" + source + ") failed with exit status " +
                std::to_string(result.exit_code) + (said.empty() ? "" : ": " + said));
  }
  auto json = nlohmann::json::parse(result.output, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("Secret") || !json["Secret"].is_string()) {
    throw Error("credential helper " + program + " (" + source +
                ") printed something that is not a credentials JSON object {\"Username\":..,\"Secret\":..}");
  }
  Credentials credentials;
  credentials.source = "credential helper " + program + " (" + source + ")";
  std::string username = json.value("Username", "");
  std::string secret = json["Secret"].get<std::string>();
  if (username == "<token>") {
    credentials.identity_token = secret;
  } else {
    credentials.username = username;
    credentials.password = secret;
  }
  return credentials;
}

template <typename Json>
const Json* find_entry(const Json& object, const std::vector<std::string>& keys)
{
  if (!object.is_object()) {
    return nullptr;
  }
  for (const auto& key : keys) {
    if (auto found = object.find(key); found != object.end()) {
      return &*found;
    }
  }
  return nullptr;
}

std::optional<Credentials> from_auths(const nlohmann::json& config, const std::vector<std::string>& keys,
                                      const std::string& source)
{
  auto auths = config.find("auths");
  if (auths == config.end()) {
    return std::nullopt;
  }
  const auto* entry = find_entry(*auths, keys);
  if (entry == nullptr || !entry->is_object()) {
    return std::nullopt;
  }
  Credentials credentials;
  credentials.source = source;
  if (entry->contains("identitytoken") && (*entry)["identitytoken"].is_string() &&
      !(*entry)["identitytoken"].get<std::string>().empty()) {
    credentials.identity_token = (*entry)["identitytoken"].get<std::string>();
    return credentials;
  }
  if (entry->contains("auth") && (*entry)["auth"].is_string() && !(*entry)["auth"].get<std::string>().empty()) {
    std::string decoded;
    try {
      decoded = base64_decode((*entry)["auth"].get<std::string>());
    } catch (const UsageError&) {
      throw UsageError(source + ": the \"auth\" entry for " + keys.front() + " is not base64");
    }
    auto colon = decoded.find(':');
    if (colon == std::string::npos) {
      throw UsageError(source + ": the \"auth\" entry for " + keys.front() + " is not base64 of user:password");
    }
    credentials.username = decoded.substr(0, colon);
    credentials.password = decoded.substr(colon + 1);
    return credentials;
  }
  if (entry->contains("username") && entry->contains("password")) {
    credentials.username = entry->value("username", "");
    credentials.password = entry->value("password", "");
    return credentials;
  }
  return std::nullopt;
}

std::optional<Credentials> from_docker_config(const std::string& registry, const CredentialSources& sources,
                                              const std::vector<std::string>& keys)
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
  auto config = read_json_file(path, "docker config");
  if (!config) {
    return std::nullopt;
  }
  std::string source = "docker config " + path.string();
  if (const auto* helper = find_entry((*config)["credHelpers"], keys); helper && helper->is_string()) {
    return run_credential_helper(helper->get<std::string>(), keys.front(), source + " credHelpers");
  }
  if (auto store = config->find("credsStore"); store != config->end() && store->is_string() &&
                                               !store->get<std::string>().empty()) {
    if (auto found = run_credential_helper(store->get<std::string>(), keys.front(), source + " credsStore")) {
      return found;
    }
  }
  (void)registry;
  return from_auths(*config, keys, source);
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
  if (auto found = from_docker_config(registry, with_environment, keys)) {
    return found;
  }
  if (auto file = environment("REGISTRY_AUTH_FILE"); set(file)) {
    if (auto config = read_json_file(*file, "REGISTRY_AUTH_FILE")) {
      if (auto found = from_auths(*config, keys, "REGISTRY_AUTH_FILE " + *file)) {
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
