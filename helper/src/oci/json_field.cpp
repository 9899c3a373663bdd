#include "oci/json_field.hpp"

#include "util/error.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::oci {

namespace {

// The member `key`, or null when absent or null.
const nlohmann::json* present_member(const nlohmann::json& json, const char* key)
{
  auto found = json.find(key);
  return found == json.end() || found->is_null() ? nullptr : &*found;
}

[[noreturn]] void wrong_type(const char* key, const char* expected, const nlohmann::json& value)
{
  throw UsageError(std::string(key) + ": expected " + expected + ", got " + describe_value(value));
}

} // namespace

std::string describe_value(const nlohmann::json& value)
{
  auto text = value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

std::string string_field(const nlohmann::json& json, const char* key, const std::string& fallback)
{
  const auto* value = present_member(json, key);
  if (!value) {
    return fallback;
  }
  if (!value->is_string()) {
    wrong_type(key, "a string", *value);
  }
  return value->get<std::string>();
}

std::optional<std::vector<std::string>> string_array_field(const nlohmann::json& json, const char* key)
{
  const auto* value = present_member(json, key);
  if (!value) {
    return std::nullopt;
  }
  if (!value->is_array()) {
    wrong_type(key, "an array of strings", *value);
  }
  std::vector<std::string> strings;
  for (const auto& item : *value) {
    if (!item.is_string()) {
      wrong_type(key, "an array of strings", *value);
    }
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

std::map<std::string, std::string> string_map_field(const nlohmann::json& json, const char* key)
{
  std::map<std::string, std::string> strings;
  for (const auto& [name, item] : object_field(json, key).items()) {
    if (!item.is_string()) {
      throw UsageError(std::string(key) + "." + name + ": expected a string, got " + describe_value(item));
    }
    strings[name] = item.get<std::string>();
  }
  return strings;
}

std::set<std::string> key_set_field(const nlohmann::json& json, const char* key)
{
  std::set<std::string> keys;
  for (const auto& [name, ignored] : object_field(json, key).items()) {
    keys.insert(name);
  }
  return keys;
}

const nlohmann::json& object_field(const nlohmann::json& json, const char* key)
{
  static const nlohmann::json k_empty = nlohmann::json::object();
  const auto* value = present_member(json, key);
  if (!value) {
    return k_empty;
  }
  if (!value->is_object()) {
    wrong_type(key, "an object", *value);
  }
  return *value;
}

} // namespace pycontainer::oci
