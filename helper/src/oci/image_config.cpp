#include "oci/image_config.hpp"

#include "oci/json_field.hpp"
#include "util/error.hpp"

#include <algorithm>
#include <array>

namespace pycontainer::oci {

namespace {

// Members of `json` not named in `known`, as they are.
template <std::size_t N>
nlohmann::json other_members(const nlohmann::json& json, const std::array<const char*, N>& known)
{
  nlohmann::json other = nlohmann::json::object();
  for (const auto& [key, value] : json.items()) {
    if (std::none_of(known.begin(), known.end(), [&](const char* name) { return key == name; })) {
      other[key] = value;
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
  config.entrypoint = string_array_field(json, "Entrypoint");
  config.cmd = string_array_field(json, "Cmd");
  config.env = string_array_field(json, "Env").value_or(std::vector<std::string>{});
  config.user = string_field(json, "User");
  config.working_dir = string_field(json, "WorkingDir");
  config.exposed_ports = key_set_field(json, "ExposedPorts");
  config.volumes = key_set_field(json, "Volumes");
  config.labels = string_map_field(json, "Labels");
  config.stop_signal = string_field(json, "StopSignal");
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
  if (!json.is_object()) {
    throw UsageError("expected an object, got " + describe_value(json));
  }
  HistoryEntry entry;
  entry.created = string_field(json, "created");
  entry.created_by = string_field(json, "created_by");
  entry.author = string_field(json, "author");
  entry.comment = string_field(json, "comment");
  if (auto found = json.find("empty_layer"); found != json.end() && !found->is_null()) {
    if (!found->is_boolean()) {
      throw UsageError("empty_layer: expected true or false, got " + describe_value(*found));
    }
    entry.empty_layer = found->get<bool>();
  }
  entry.other = other_members(json, k_history_members);
  return entry;
}

std::vector<Digest> diff_ids_from_json(const nlohmann::json& image)
{
  const auto& rootfs = object_field(image, "rootfs");
  auto found = rootfs.find("diff_ids");
  if (found == rootfs.end() || !found->is_array()) {
    throw UsageError("no rootfs.diff_ids array");
  }
  std::vector<Digest> diff_ids;
  for (const auto& item : *found) {
    auto context = "rootfs.diff_ids[" + std::to_string(diff_ids.size()) + "]";
    if (!item.is_string()) {
      throw UsageError(context + ": expected a digest string, got " + describe_value(item));
    }
    diff_ids.push_back(with_context(context, [&] { return Digest::parse(item.get<std::string>()); }));
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
  image.created = string_field(json, "created");
  image.author = string_field(json, "author");
  const auto& runtime = object_field(json, "config");
  image.config = with_context("config", [&] { return runtime_config_from_json(runtime); });
  image.diff_ids = diff_ids_from_json(json);
  if (auto found = json.find("history"); found != json.end() && !found->is_null()) {
    if (!found->is_array()) {
      throw UsageError("history: expected an array, got " + describe_value(*found));
    }
    for (const auto& item : *found) {
      image.history.push_back(with_context("history[" + std::to_string(image.history.size()) + "]",
                                           [&] { return history_entry_from_json(item); }));
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
