#pragma once

#include <string_view>
#include <vector>

// Small string helpers shared by the python area's parsers.
namespace pycontainer::python {

// "a/b/c" -> {"a", "b", "c"}; an empty text gives one empty part.
std::vector<std::string_view> split(std::string_view text, char separator);

// Whether '/'-separated `path` lies strictly below `directory` ("a/b" is below "a", "ab" is not).
bool is_below(std::string_view path, std::string_view directory);

// Without leading and trailing whitespace.
std::string_view trim(std::string_view text);

} // namespace pycontainer::python
