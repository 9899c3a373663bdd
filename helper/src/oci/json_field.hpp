#pragma once

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pycontainer::oci {

// Reading fields of outside JSON documents (manifests, indexes, configs) without letting a nlohmann
// exception escape: a field of the wrong type is a UsageError "<key>: expected a string, got 5".
// A field that is absent or null reads as the fallback (empty): Docker writes `"Cmd": null`.

// `json[key]` as a string; `fallback` when absent.
std::string string_field(const nlohmann::json& json, const char* key, const std::string& fallback = "");

// `json[key]` as an array of strings; nullopt when absent or null.
std::optional<std::vector<std::string>> string_array_field(const nlohmann::json& json, const char* key);

// `json[key]` as an object of strings ("Labels").
std::map<std::string, std::string> string_map_field(const nlohmann::json& json, const char* key);

// The keys of object `json[key]` ("ExposedPorts": {"80/tcp": {}}).
std::set<std::string> key_set_field(const nlohmann::json& json, const char* key);

// `json[key]` as an object; an empty one when absent or null.
const nlohmann::json& object_field(const nlohmann::json& json, const char* key);

// "5", "[1,2]", or a JSON string shortened to 60 characters: what a message shows of a wrong value.
std::string describe_value(const nlohmann::json& value);

} // namespace pycontainer::oci
