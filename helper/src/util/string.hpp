#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::util {

// Without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r).
std::string_view trim(std::string_view text);

// ASCII letters lowered, other bytes kept: for case-insensitive protocol names (HTTP headers, URL
// schemes, auth parameters), which must not change with the locale.
std::string to_lower(std::string_view text);

// Whether `a` and `b` are equal but for the case of ASCII letters.
bool iequals(std::string_view a, std::string_view b);

// "a/b/c" -> {"a", "b", "c"}; an empty text gives one empty part.
std::vector<std::string_view> split(std::string_view text, char separator);

// A Python project name normalised as PEP 503 says: lower case, runs of '-', '_' and '.' become '-'.
std::string normalise_project_name(std::string_view name);

// RFC 4648 base64: the standard alphabet with '=' padding (HTTP Basic auth), or the URL-safe alphabet
// ('-', '_') without padding (wheel RECORD hashes).
enum class Base64 { standard, url_safe_unpadded };
std::string base64_encode(std::string_view data, Base64 variant = Base64::standard);

// The candidate a mistyped `word` most likely meant: the nearest by Levenshtein distance, if fewer than
// 3 edits away (the first of equally near ones); nullopt when none is that near. For "did you mean".
std::optional<std::string_view> closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

} // namespace pycontainer::util
