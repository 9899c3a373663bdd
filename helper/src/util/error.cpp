#include "util/error.hpp"

#include <cstring>

namespace pycontainer {

void Error::add_context(std::string_view context)
{
  m_message.insert(0, std::string(context) + ": ");
}

IoError::IoError(std::string_view operation, const std::string& path, int error_number)
  : IoError(operation, path, std::string_view(std::strerror(error_number)))
{
}

IoError::IoError(std::string_view operation, const std::string& path, std::string_view reason)
  : Error(std::string("cannot ") + std::string(operation) + " '" + path + "': " + std::string(reason))
{
}

} // namespace pycontainer
