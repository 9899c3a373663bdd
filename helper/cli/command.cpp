#include "cli/command.hpp"

#include "util/error.hpp"

namespace pycontainer::cli {

project::KeyValues parse_key_values(const std::vector<std::string>& texts, const std::string& option)
{
  project::KeyValues values;
  for (const auto& text : texts) {
    values.push_back(project::parse_key_value(text, option));
  }
  return values;
}

std::optional<oci::Platform> parse_platform_option(const std::string& text)
{
  if (text.empty()) {
    return std::nullopt;
  }
  return with_context("--platform", [&] { return oci::Platform::parse(text); });
}

std::optional<std::vector<std::string>> parse_optional_command(const std::string& text, const std::string& option)
{
  if (text.empty()) {
    return std::nullopt;
  }
  return project::parse_command(text, option);
}

} // namespace pycontainer::cli
