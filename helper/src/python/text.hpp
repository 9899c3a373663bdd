#pragma once

#include <string_view>

// A path helper shared by the python area's parsers (string helpers are in util/string.hpp).
namespace pycontainer::python {

// Whether '/'-separated `path` lies strictly below `directory` ("a/b" is below "a", "ab" is not).
bool is_below(std::string_view path, std::string_view directory);

} // namespace pycontainer::python
