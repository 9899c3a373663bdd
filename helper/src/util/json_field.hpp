#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::util {

// Reading fields of JSON that comes from outside (config files, credential helpers, token servers,
// cache files) without letting a nlohmann exception escape: a field of the wrong type is a UsageError
// "<name>: expected a string, got 5". A wrong string, array or object is named by its type only, never
// shown: these documents hold passwords and tokens.

enum class JsonType { string, integer, boolean, array, object };

// `value` itself when it is of `type`; UsageError "<name>: expected <type>, got <what it is>" otherwise.
const nlohmann::json& expect_json_type(const nlohmann::json& value, JsonType type, std::string_view name);

// `object[key]` checked to be of `type`; nullptr when absent or null (Go's encoding/json, which writes
// docker configs and most token responses, writes an empty map or slice as null). `object` must be an
// object. Messages name the field `name`, or `key` when `name` is empty.
const nlohmann::json* find_json_field(const nlohmann::json& object, std::string_view key, JsonType type,
                                      std::string_view name = {});

// `object[key]` as a string; "" when absent or null.
std::string json_string_field(const nlohmann::json& object, std::string_view key, std::string_view name = {});

// `object[key]` checked to be of `type`; UsageError "<name>: missing" when absent or null.
const nlohmann::json& required_json_field(const nlohmann::json& object, std::string_view key, JsonType type,
                                          std::string_view name = {});

// `value` as an array of strings; UsageError naming `name` or its element ("<name>[2]") otherwise.
std::vector<std::string> json_string_array(const nlohmann::json& value, std::string_view name);

} // namespace pycontainer::util
