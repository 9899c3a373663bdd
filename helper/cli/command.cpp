#include "cli/command.hpp"

namespace pycontainer::cli {

project::KeyValues parse_key_values(const std::vector<std::string>& texts, const std::string& option)
{
  project::KeyValues values;
  for (const auto& text : texts) {
    values.push_back(project::parse_key_value(text, option));
  }
  return values;
}

std::optional<std::vector<std::string>> parse_optional_command(const std::string& text, const std::string& option)
{
  if (text.empty()) {
    return std::nullopt;
  }
  return project::parse_command(text, option);
}

} // namespace pycontainer::cli
