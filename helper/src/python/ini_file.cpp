#include "python/ini_file.hpp"

#include "util/error.hpp"
#include "util/string.hpp"

namespace pycontainer::python {

IniFile IniFile::parse(std::string_view content, const std::string& file_name)
{
  IniFile ini;
  int number = 0;
  auto fail = [&](const std::string& what) -> void {
    throw UsageError(file_name + ":" + std::to_string(number) + ": " + what);
  };
  std::map<std::string, Value, std::less<>>* section = nullptr;
  Value* value = nullptr; // the value continuation lines extend
  std::size_t value_indent = 0;
  for (std::string_view line : util::split(content, '\n')) {
    ++number;
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    std::string_view text = util::trim(line);
    if (text.empty() || text.front() == '#' || text.front() == ';') {
      continue;
    }
    std::size_t indent = line.find_first_not_of(" \t");
    if (value != nullptr && indent > value_indent) {
      value->text += (value->text.empty() ? "" : "\n") + std::string(text);
      continue;
    }
    value = nullptr;
    if (text.front() == '[') {
      if (text.back() != ']' || text.size() < 3) {
        fail("'" + std::string(text) + "' is not a section header; write it as [name]");
      }
      std::string name(text.substr(1, text.size() - 2));
      if (ini.m_sections.contains(name)) {
        fail("section [" + name + "] appears twice; merge the two");
      }
      section = &ini.m_sections[name];
      continue;
    }
    std::size_t delimiter = text.find_first_of("=:");
    if (delimiter == std::string_view::npos || delimiter == 0) {
      fail("'" + std::string(text) + "' is not `key = value`, an indented continuation of a value, a comment or a "
           "[section]");
    }
    if (section == nullptr) {
      fail("'" + std::string(text) + "' comes before the first [section]; put it below one (e.g. [metadata])");
    }
    std::string key(util::trim(text.substr(0, delimiter)));
    if (section->contains(key)) {
      fail("key '" + key + "' appears twice in its section; keep one");
    }
    value = &(*section)[key];
    *value = Value{std::string(util::trim(text.substr(delimiter + 1))), number};
    value_indent = indent;
  }
  return ini;
}

const IniFile::Value* IniFile::get(std::string_view section, std::string_view key) const
{
  auto found = m_sections.find(section);
  if (found == m_sections.end()) {
    return nullptr;
  }
  auto value = found->second.find(key);
  return value == found->second.end() ? nullptr : &value->second;
}

} // namespace pycontainer::python
