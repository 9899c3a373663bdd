#include "python/ignore_rules.hpp"

#include "util/string.hpp"
#include "util/file.hpp"

#include <cstddef>
#include <system_error>

namespace pycontainer::python {

namespace {

bool is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

} // namespace

void IgnoreRules::add(std::string_view pattern)
{
  // Trailing blanks go unless the last one is escaped; leading ones go too (as in Docker).
  while (!pattern.empty() && is_blank(pattern.back())
         && !(pattern.size() >= 2 && pattern[pattern.size() - 2] == '\\')) {
    pattern.remove_suffix(1);
  }
  while (!pattern.empty() && is_blank(pattern.front())) {
    pattern.remove_prefix(1);
  }
  if (pattern.empty() || pattern.front() == '#') {
    return;
  }
  Rule rule;
  if (pattern.front() == '!') {
    rule.negated = true;
    pattern.remove_prefix(1);
  }
  while (pattern.starts_with("./")) { // .dockerignore's "./foo": "foo" at the root
    rule.anchored = true;
    pattern.remove_prefix(2);
  }
  while (!pattern.empty() && pattern.back() == '/') {
    rule.directory_only = true;
    pattern.remove_suffix(1);
  }
  if (pattern.starts_with('/')) {
    rule.anchored = true;
    while (pattern.starts_with('/')) {
      pattern.remove_prefix(1);
    }
  }
  if (pattern.empty()) {
    return;
  }
  rule.anchored = rule.anchored || pattern.find('/') != std::string_view::npos;
  rule.pattern = pattern;
  m_rules.push_back(std::move(rule));
}

void IgnoreRules::add_file(const std::filesystem::path& file)
{
  std::error_code error;
  if (!std::filesystem::exists(file, error)) {
    return;
  }
  std::string content = util::read_file(file);
  for (std::string_view line : util::split(content, '\n')) {
    add(line);
  }
}

bool IgnoreRules::matches(const Rule& rule, std::string_view relative_path, bool is_directory)
{
  std::size_t component_start = 0;
  for (;;) {
    std::size_t end = relative_path.find('/', component_start);
    bool last = end == std::string_view::npos;
    if (last) {
      end = relative_path.size();
    }
    if (!rule.directory_only || !last || is_directory) {
      std::string_view candidate =
        rule.anchored ? relative_path.substr(0, end) : relative_path.substr(component_start, end - component_start);
      if (glob_match(rule.pattern, candidate)) {
        return true;
      }
    }
    if (last) {
      return false;
    }
    component_start = end + 1;
  }
}

bool IgnoreRules::ignored(std::string_view relative_path, bool is_directory) const
{
  bool result = false;
  for (const Rule& rule : m_rules) {
    if (result != !rule.negated && matches(rule, relative_path, is_directory)) {
      result = !rule.negated;
    }
  }
  return result;
}

bool IgnoreRules::may_include_below(std::string_view directory) const
{
  std::vector<std::string_view> directory_parts = util::split(directory, '/');
  for (const Rule& rule : m_rules) {
    if (!rule.negated) {
      continue;
    }
    if (!rule.anchored) {
      return true; // matches a name at any depth
    }
    std::vector<std::string_view> rule_parts = util::split(rule.pattern, '/');
    bool prefix_matches = true;
    for (std::size_t i = 0; i < directory_parts.size() && prefix_matches; ++i) {
      if (i >= rule_parts.size()) {
        prefix_matches = false;
      } else if (rule_parts[i] == "**") {
        return true;
      } else {
        prefix_matches = glob_match(rule_parts[i], directory_parts[i]);
      }
    }
    if (prefix_matches && rule_parts.size() > directory_parts.size()) {
      return true;
    }
  }
  return false;
}

} // namespace pycontainer::python
