#pragma once

#include <filesystem>
#include <string_view>

// Path helpers shared by the python area's parsers (string helpers are in util/string.hpp).
namespace pycontainer::python {

// Whether `path` is a regular file (or a symlink to one); false on any error.
bool file_exists(const std::filesystem::path& path);

// Whether `path` is a directory (or a symlink to one); false on any error.
bool directory_exists(const std::filesystem::path& path);

// Whether '/'-separated `path` lies strictly below `directory` ("a/b" is below "a", "ab" is not).
bool is_below(std::string_view path, std::string_view directory);

} // namespace pycontainer::python
