#include "remote/docker_config.hpp"

#include "util/error.hpp"
#include "util/json_field.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::remote {

namespace {

using util::JsonType;

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

// `auths["<key>"]` as messages name it.
std::string entry_name(const std::string& member, const std::string& key)
{
  return member + "[" + nlohmann::json(key).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "]";
}

// One auths entry's credentials; nullopt when it holds none (an "email" only, or empty strings).
std::optional<Credentials> entry_credentials(const nlohmann::json& entry, const std::string& key,
                                             const std::string& name, const std::string& source)
{
  util::expect_json_type(entry, JsonType::object, name);
  Credentials credentials;
  credentials.source = source;
  credentials.identity_token = util::json_string_field(entry, "identitytoken", name + ".identitytoken");
  auto auth = util::json_string_field(entry, "auth", name + ".auth");
  auto username = util::json_string_field(entry, "username", name + ".username");
  auto password = util::json_string_field(entry, "password", name + ".password");
  if (!credentials.identity_token.empty()) {
    return credentials;
  }
  if (!auth.empty()) {
    std::string decoded;
    try {
      decoded = base64_decode(auth);
    } catch (const UsageError&) {
      throw UsageError("the \"auth\" entry for " + key + " is not base64");
    }
    auto colon = decoded.find(':');
    if (colon == std::string::npos) {
      throw UsageError("the \"auth\" entry for " + key + " is not base64 of user:password");
    }
    credentials.username = decoded.substr(0, colon);
    credentials.password = decoded.substr(colon + 1);
    return credentials;
  }
  if (entry.contains("username") && entry.contains("password")) {
    credentials.username = username;
    credentials.password = password;
    return credentials;
  }
  return std::nullopt;
}

template <typename Value>
std::optional<Value> first_of(const std::map<std::string, Value>& entries, const std::vector<std::string>& keys)
{
  for (const auto& key : keys) {
    if (auto found = entries.find(key); found != entries.end()) {
      return found->second;
    }
  }
  return std::nullopt;
}

DockerConfig parse_json(const nlohmann::json& json, const std::string& source)
{
  DockerConfig config;
  if (const auto* auths = util::find_json_field(json, "auths", JsonType::object)) {
    for (const auto& [key, entry] : auths->items()) {
      if (auto credentials = entry_credentials(entry, key, entry_name("auths", key), source)) {
        config.auths.emplace(key, std::move(*credentials));
      }
    }
  }
  config.credentials_store = util::json_string_field(json, "credsStore");
  if (const auto* helpers = util::find_json_field(json, "credHelpers", JsonType::object)) {
    for (const auto& [key, helper] : helpers->items()) {
      auto name = entry_name("credHelpers", key);
      if (auto program = util::expect_json_type(helper, JsonType::string, name).get<std::string>(); !program.empty()) {
        config.credential_helpers.emplace(key, program);
      }
    }
  }
  return config;
}

} // namespace

DockerConfig DockerConfig::parse(std::string_view text, const std::string& source)
{
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw UsageError(source + ": not valid JSON (at byte " + std::to_string(error.byte) + ")");
  } catch (const nlohmann::json::out_of_range&) {
    throw UsageError(source + ": not valid JSON (a number out of range)"); // 1e999
  }
  if (!json.is_object()) {
    throw UsageError(source + ": not a JSON object");
  }
  return with_context(source, [&] { return parse_json(json, source); });
}

std::optional<std::string> DockerConfig::credential_helper(const std::vector<std::string>& keys) const
{
  return first_of(credential_helpers, keys);
}

std::optional<Credentials> DockerConfig::stored_credentials(const std::vector<std::string>& keys) const
{
  return first_of(auths, keys);
}

} // namespace pycontainer::remote
