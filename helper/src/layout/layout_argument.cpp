#include "layout/layout.hpp"

#include "util/error.hpp"

#include <system_error>

namespace pycontainer::layout {

LayoutArgument parse_layout_argument(std::string_view argument)
{
  if (argument.empty()) {
    throw UsageError("empty image layout argument (expected DIR or DIR:TAG)");
  }
  auto colon = argument.rfind(':');
  std::error_code error;
  if (colon == std::string_view::npos || argument.substr(colon + 1).find('/') != std::string_view::npos ||
      std::filesystem::is_directory(std::filesystem::path(argument), error)) {
    return {std::filesystem::path(argument), ""};
  }
  if (colon == 0) {
    throw UsageError("invalid image layout argument \"" + std::string(argument) +
                     "\": no directory before ':' (expected DIR or DIR:TAG)");
  }
  return {std::filesystem::path(argument.substr(0, colon)), std::string(argument.substr(colon + 1))};
}

} // namespace pycontainer::layout
