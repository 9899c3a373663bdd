#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace pycontainer::oci {

// Reading fields of outside JSON documents (manifests, indexes, configs) without letting a nlohmann
// exception escape: a field of the wrong type is a UsageError "<key>: expected a string, got 5".

// `json[key]` as a string; `fallback` when absent.
std::string string_field(const nlohmann::json& json, const char* key, const std::string& fallback = "");

// "5", "[1,2]", or a JSON string shortened to 60 characters: what a message shows of a wrong value.
std::string describe_value(const nlohmann::json& value);

} // namespace pycontainer::oci
