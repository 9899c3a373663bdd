#include "python/text.hpp"

namespace pycontainer::python {

bool is_below(std::string_view path, std::string_view directory)
{
  return path.size() > directory.size() && path.starts_with(directory) && path[directory.size()] == '/';
}

} // namespace pycontainer::python
