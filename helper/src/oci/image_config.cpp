#include "oci/image_config.hpp"

#include "util/error.hpp"
#include "util/json_field.hpp"

#include <algorithm>
#include <array>

namespace pycontainer::oci {

namespace {

using util::JsonType;

// Absent or null members read as empty (Docker writes "Cmd": null).
std::optional<std::vector<std::string>> string_array(const nlohmann::json& json, const char* key)
{
  const auto* array = util::find_json_field(json, key, JsonType::array);
  return array ? std::optional(util::json_string_array(*array, key)) : std::nullopt;
}

std::map<std::string, std::string> string_map(const nlohmann::json& json, const char* key)
{
  std::map<std::string, std::string> strings;
  if (const auto* object = util::find_json_field(json, key, JsonType::object)) {
    for (const auto& [name, value] : object->items()) {
      strings[name] = util::expect_json_type(value, JsonType::string, std::string(key) + "." + name).get<std::string>();
    }
  }
  return strings;
}

// The keys of an object such as "ExposedPorts": {"80/tcp": {}}.
std::set<std::string> key_set(const nlohmann::json& json, const char* key)
{
  std::set<std::string> keys;
  if (const auto* object = util::find_json_field(json, key, JsonType::object)) {
    for (const auto& [name, ignored] : object->items()) {
      keys.insert(name);
    }
  }
  return keys;
}

// Members of `json` not named in `known`, as they are.
template <std::size_t N>
nlohmann::json other_members(const nlohmann::json& json, const std::array<const char*, N>& known)
{
  nlohmann::json other = nlohmann::json::object();
  for (const auto& member : json.items()) { // not a structured binding: clang 14 cannot capture one in a lambda
    if (std::none_of(known.begin(), known.end(), [&](const char* name) { return member.key() == name; })) {
      other[member.key()] = member.value();
    }
  }
  return other;
}

nlohmann::json key_set_json(const std::set<std::string>& keys)
{
  nlohmann::json object = nlohmann::json::object();
  for (const auto& key : keys) {
    object[key] = nlohmann::json::object();
  }
  return object;
}

void set_if_not_empty(nlohmann::json& json, const char* key, const std::string& value)
{
  if (!value.empty()) {
    json[key] = value;
  }
}

constexpr std::array k_runtime_members{"Entrypoint", "Cmd",    "Env",    "User",      "WorkingDir",
                                       "ExposedPorts", "Volumes", "Labels", "StopSignal"};
constexpr std::array k_history_members{"created", "created_by", "author", "comment", "empty_layer"};
constexpr std::array k_image_members{"architecture", "os", "variant", "created", "author",
                                     "config",       "rootfs", "history"};

RuntimeConfig runtime_config_from_json(const nlohmann::json& json)
{
  RuntimeConfig config;
  config.entrypoint = string_array(json, "Entrypoint");
  config.cmd = string_array(json, "Cmd");
  config.env = string_array(json, "Env").value_or(std::vector<std::string>{});
  config.user = util::json_string_field(json, "User");
  config.working_dir = util::json_string_field(json, "WorkingDir");
  config.exposed_ports = key_set(json, "ExposedPorts");
  config.volumes = key_set(json, "Volumes");
  config.labels = string_map(json, "Labels");
  config.stop_signal = util::json_string_field(json, "StopSignal");
  config.other = other_members(json, k_runtime_members);
  return config;
}

nlohmann::json runtime_config_to_json(const RuntimeConfig& config)
{
  nlohmann::json json = config.other;
  if (config.entrypoint) {
    json["Entrypoint"] = *config.entrypoint;
  }
  if (config.cmd) {
    json["Cmd"] = *config.cmd;
  }
  if (!config.env.empty()) {
    json["Env"] = config.env;
  }
  set_if_not_empty(json, "User", config.user);
  set_if_not_empty(json, "WorkingDir", config.working_dir);
  if (!config.exposed_ports.empty()) {
    json["ExposedPorts"] = key_set_json(config.exposed_ports);
  }
  if (!config.volumes.empty()) {
    json["Volumes"] = key_set_json(config.volumes);
  }
  if (!config.labels.empty()) {
    json["Labels"] = config.labels;
  }
  set_if_not_empty(json, "StopSignal", config.stop_signal);
  return json;
}

HistoryEntry history_entry_from_json(const nlohmann::json& json)
{
  HistoryEntry entry;
  entry.created = util::json_string_field(json, "created");
  entry.created_by = util::json_string_field(json, "created_by");
  entry.author = util::json_string_field(json, "author");
  entry.comment = util::json_string_field(json, "comment");
  if (const auto* empty_layer = util::find_json_field(json, "empty_layer", JsonType::boolean)) {
    entry.empty_layer = empty_layer->get<bool>();
  }
  entry.other = other_members(json, k_history_members);
  return entry;
}

std::vector<Digest> diff_ids_from_json(const nlohmann::json& image)
{
  const auto* rootfs = util::find_json_field(image, "rootfs", JsonType::object);
  const auto* array = rootfs ? util::find_json_field(*rootfs, "diff_ids", JsonType::array, "rootfs.diff_ids") : nullptr;
  if (!array) {
    throw UsageError("no rootfs.diff_ids array");
  }
  std::vector<Digest> diff_ids;
  for (const auto& item : util::json_string_array(*array, "rootfs.diff_ids")) {
    diff_ids.push_back(
      with_context("rootfs.diff_ids[" + std::to_string(diff_ids.size()) + "]", [&] { return Digest::parse(item); }));
  }
  return diff_ids;
}

} // namespace

std::optional<std::string> RuntimeConfig::env_value(std::string_view name) const
{
  std::optional<std::string> value;
  for (const auto& entry : env) {
    if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=') {
      value = entry.substr(name.size() + 1);
    }
  }
  return value;
}

void RuntimeConfig::set_env(std::string_view name, std::string_view value)
{
  std::string entry = std::string(name) + "=" + std::string(value);
  bool replaced = false;
  for (auto& existing : env) {
    if (existing.starts_with(entry.substr(0, name.size() + 1))) {
      existing = entry;
      replaced = true;
    }
  }
  if (!replaced) {
    env.push_back(std::move(entry));
  }
}

nlohmann::json HistoryEntry::to_json() const
{
  nlohmann::json json = other;
  set_if_not_empty(json, "created", created);
  set_if_not_empty(json, "created_by", created_by);
  set_if_not_empty(json, "author", author);
  set_if_not_empty(json, "comment", comment);
  if (empty_layer) {
    json["empty_layer"] = true;
  }
  return json;
}

nlohmann::json ImageConfig::to_json() const
{
  nlohmann::json json = other;
  json["architecture"] = platform.architecture;
  json["os"] = platform.os;
  set_if_not_empty(json, "variant", platform.variant);
  set_if_not_empty(json, "created", created);
  set_if_not_empty(json, "author", author);
  json["config"] = runtime_config_to_json(config);
  nlohmann::json diff_id_strings = nlohmann::json::array();
  for (const auto& diff_id : diff_ids) {
    diff_id_strings.push_back(diff_id.str());
  }
  json["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_id_strings}};
  if (!history.empty()) {
    json["history"] = nlohmann::json::array();
    for (const auto& entry : history) {
      json["history"].push_back(entry.to_json());
    }
  }
  return json;
}

ImageConfig ImageConfig::from_json(const nlohmann::json& json)
{
  if (!json.is_object()) {
    throw UsageError("not a JSON object");
  }
  ImageConfig image;
  image.platform = Platform::from_json(json);
  image.created = util::json_string_field(json, "created");
  image.author = util::json_string_field(json, "author");
  if (const auto* runtime = util::find_json_field(json, "config", JsonType::object)) {
    image.config = with_context("config", [&] { return runtime_config_from_json(*runtime); });
  }
  image.diff_ids = diff_ids_from_json(json);
  if (const auto* history = util::find_json_field(json, "history", JsonType::array)) {
    for (const auto& item : *history) {
      auto name = "history[" + std::to_string(image.history.size()) + "]";
      util::expect_json_type(item, JsonType::object, name);
      image.history.push_back(with_context(name, [&] { return history_entry_from_json(item); }));
    }
  }
  image.other = other_members(json, k_image_members);
  return image;
}

ImageConfig ImageConfig::parse(std::string_view bytes, std::string_view what)
{
  return with_context(what, [&] {
    auto json = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
      throw UsageError("not a JSON object");
    }
    return from_json(json);
  });
}

} // namespace pycontainer::oci
