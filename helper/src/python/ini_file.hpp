#pragma once

#include <map>
#include <string>
#include <string_view>

namespace pycontainer::python {

// An INI file read as setuptools reads setup.cfg: Python's configparser, strict, without interpolation.
//   [section]          a section header; a section named twice is an error
//   key = value        or `key: value`; the value is stripped; a key named twice in a section is an error
//     more             a line indented deeper than its key continues the value ("value\nmore")
//   # or ; comment     whole-line comments (also inside values); a `#` after a value is part of it
// Blank lines are skipped. Keys keep their case (setuptools sets optionxform = str). Anything else (a line
// with no `=` or `:`, a key before the first section) is an error, as it is for setuptools.
class IniFile {
public:
  struct Value {
    std::string text;
    int line = 0; // where the key is, 1-based
  };

  // Throws UsageError "FILE:LINE: what is wrong; how to fix it".
  static IniFile parse(std::string_view content, const std::string& file_name);

  // nullptr when the section or the key is absent.
  const Value* get(std::string_view section, std::string_view key) const;

private:
  std::map<std::string, std::map<std::string, Value, std::less<>>, std::less<>> m_sections;
};

} // namespace pycontainer::python
