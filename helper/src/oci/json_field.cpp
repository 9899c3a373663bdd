#include "oci/json_field.hpp"

#include "util/error.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::oci {

std::string describe_value(const nlohmann::json& value)
{
  auto text = value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

std::string string_field(const nlohmann::json& json, const char* key, const std::string& fallback)
{
  auto found = json.find(key);
  if (found == json.end()) {
    return fallback;
  }
  if (!found->is_string()) {
    throw UsageError(std::string(key) + ": expected a string, got " + describe_value(*found));
  }
  return found->get<std::string>();
}

} // namespace pycontainer::oci
