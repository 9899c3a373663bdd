#include "python/text.hpp"

namespace pycontainer::python {

bool file_exists(const std::filesystem::path& path)
{
  std::error_code error;
  return std::filesystem::is_regular_file(path, error);
}

bool directory_exists(const std::filesystem::path& path)
{
  std::error_code error;
  return std::filesystem::is_directory(path, error);
}

bool is_below(std::string_view path, std::string_view directory)
{
  return path.size() > directory.size() && path.starts_with(directory) && path[directory.size()] == '/';
}

} // namespace pycontainer::python
