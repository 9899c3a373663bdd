#include "project/default_tag.hpp"

namespace pycontainer::project {

namespace {

bool is_alphanumeric(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_valid_separator(std::string_view run)
{
  return run == "." || run == "_" || run == "__" || run.find_first_not_of('-') == std::string_view::npos;
}

} // namespace

std::string repository_component(std::string_view name)
{
  std::string mapped;
  for (char c : name) {
    char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    mapped += is_alphanumeric(lower) || lower == '.' || lower == '_' ? lower : '-';
  }
  std::string component;
  for (std::size_t i = 0; i < mapped.size();) {
    std::size_t end = i;
    bool alphanumeric = is_alphanumeric(mapped[i]);
    while (end < mapped.size() && is_alphanumeric(mapped[end]) == alphanumeric) {
      ++end;
    }
    std::string_view run = std::string_view(mapped).substr(i, end - i);
    if (alphanumeric) {
      component += run;
    } else if (!component.empty() && end < mapped.size()) { // separators between two alphanumeric runs
      component += is_valid_separator(run) ? std::string(run) : std::string("-");
    }
    i = end;
  }
  return component;
}

std::string tag_component(std::string_view version)
{
  if (version.empty()) {
    return "latest";
  }
  std::string tag;
  for (char c : version.substr(0, 128)) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    tag += word || c == '.' || c == '-' ? c : '-';
  }
  if (tag.front() == '.' || tag.front() == '-') {
    tag.front() = '_';
  }
  return tag;
}

} // namespace pycontainer::project
