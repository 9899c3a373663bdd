#include "python/pyproject.hpp"

#include "util/string.hpp"

#include <array>
#include <cctype>
#include <regex>
#include <string_view>

namespace pycontainer::python {

namespace {

struct MajorMinor {
  unsigned long major = 0;
  unsigned long minor = 0;
  auto operator<=>(const MajorMinor&) const = default;
};

std::optional<unsigned long> leading_number(std::string_view& text)
{
  std::size_t digits = 0;
  unsigned long value = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) && digits < 9) {
    value = value * 10 + static_cast<unsigned long>(text[digits] - '0');
    ++digits;
  }
  if (digits == 0) {
    return std::nullopt;
  }
  text.remove_prefix(digits);
  return value;
}

// "3.11.2" -> 3.11, "3" and "3.*" -> 3.0.
std::optional<MajorMinor> major_minor(std::string_view version)
{
  auto major = leading_number(version);
  if (!major) {
    return std::nullopt;
  }
  MajorMinor result{*major, 0};
  if (version.starts_with('.')) {
    version.remove_prefix(1);
    if (auto minor = leading_number(version)) {
      result.minor = *minor;
    }
  }
  return result;
}

// The lowest version one specifier ("~=3.10") admits; nullopt for upper bounds and exclusions. A
// strict ">3.9" still admits 3.9.1, so it gives 3.9 too.
std::optional<MajorMinor> lower_bound(std::string_view specifier)
{
  static constexpr std::array<std::string_view, 5> k_lower_bound_operators{"===", "~=", "==", ">=", ">"};
  for (std::string_view op : k_lower_bound_operators) {
    if (specifier.starts_with(op)) {
      return major_minor(util::trim(specifier.substr(op.size())));
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> requires_python_problem(const std::string& requires_python)
{
  // PEP 440 version specifiers: an operator, then a release (digits and dots, "*" after == and !=), an
  // optional pre/post/dev/local suffix of letters, digits, '.', '+', '-', '_'.
  static const std::regex k_specifier(R"(\s*(===|~=|==|!=|<=|>=|<|>)\s*[0-9]+(\.[0-9]+)*(\.\*)?[A-Za-z0-9.+_-]*\s*)");
  if (util::trim(requires_python).empty()) {
    return std::nullopt; // no constraint
  }
  for (std::string_view specifier : util::split(requires_python, ',')) {
    if (!std::regex_match(specifier.begin(), specifier.end(), k_specifier)) {
      return "\"" + std::string(util::trim(specifier)) +
             "\" is not a version specifier (PEP 440: an operator and a version, e.g. \">=3.11\" or \"~=3.12\")";
    }
  }
  return std::nullopt;
}

std::optional<std::string> minimum_python_version(const std::string& requires_python)
{
  std::optional<MajorMinor> minimum;
  for (std::string_view specifier : util::split(requires_python, ',')) {
    auto bound = lower_bound(util::trim(specifier));
    if (bound && (!minimum || *minimum < *bound)) {
      minimum = bound;
    }
  }
  if (!minimum) {
    return std::nullopt;
  }
  return std::to_string(minimum->major) + "." + std::to_string(minimum->minor);
}

} // namespace pycontainer::python
