#include "util/json_field.hpp"

#include "util/error.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::util {

namespace {

bool is_of(const nlohmann::json& value, JsonType type)
{
  switch (type) {
  case JsonType::string:
    return value.is_string();
  case JsonType::integer:
    return value.is_number_integer();
  case JsonType::boolean:
    return value.is_boolean();
  case JsonType::array:
    return value.is_array();
  case JsonType::object:
    return value.is_object();
  }
  return false;
}

const char* type_name(JsonType type)
{
  switch (type) {
  case JsonType::string:
    return "a string";
  case JsonType::integer:
    return "an integer";
  case JsonType::boolean:
    return "true or false";
  case JsonType::array:
    return "an array";
  case JsonType::object:
    return "an object";
  }
  return "?";
}

// What a message shows of a wrong value: numbers, booleans and null as they are, the rest by type.
std::string describe(const nlohmann::json& value)
{
  if (value.is_string()) {
    return "a string";
  }
  if (value.is_array()) {
    return "an array";
  }
  if (value.is_object()) {
    return "an object";
  }
  return value.dump();
}

} // namespace

const nlohmann::json& expect_json_type(const nlohmann::json& value, JsonType type, std::string_view name)
{
  if (!is_of(value, type)) {
    throw UsageError(std::string(name) + ": expected " + type_name(type) + ", got " + describe(value));
  }
  return value;
}

const nlohmann::json* find_json_field(const nlohmann::json& object, std::string_view key, JsonType type,
                                      std::string_view name)
{
  auto found = object.find(std::string(key)); // nlohmann 3.10 has no find(string_view)
  if (found == object.end() || found->is_null()) {
    return nullptr;
  }
  return &expect_json_type(*found, type, name.empty() ? key : name);
}

std::string json_string_field(const nlohmann::json& object, std::string_view key, std::string_view name)
{
  const auto* found = find_json_field(object, key, JsonType::string, name);
  return found == nullptr ? "" : found->get<std::string>();
}

const nlohmann::json& required_json_field(const nlohmann::json& object, std::string_view key, JsonType type,
                                          std::string_view name)
{
  const auto* found = find_json_field(object, key, type, name);
  if (found == nullptr) {
    throw UsageError(std::string(name.empty() ? key : name) + ": missing (expected " + type_name(type) + ")");
  }
  return *found;
}

std::vector<std::string> json_string_array(const nlohmann::json& value, std::string_view name)
{
  expect_json_type(value, JsonType::array, name);
  std::vector<std::string> strings;
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto element = std::string(name) + "[" + std::to_string(i) + "]";
    strings.push_back(expect_json_type(value[i], JsonType::string, element).get<std::string>());
  }
  return strings;
}

} // namespace pycontainer::util
