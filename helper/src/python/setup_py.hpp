#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::python {

// What a setup.py states as literals in its setup(...) call, read as text and never run.
struct SetupPyLiterals {
  std::optional<std::string> name;    // name="..."
  std::optional<std::string> version; // version="..."
  // entry_points={"console_scripts": ["name = module:function", ...]} (or one string, or
  // dict(console_scripts=[...])), each entry as written.
  std::vector<std::string> console_scripts;
};

// The literals of the first `setup(` call in `text`. Its limits, by design: only string literals count
// (adjacent ones joined; \\, \' and \" unescaped, other escapes kept as written; f-strings never), so
// name=NAME, version=get_version() or entry_points=ENTRY_POINTS give nothing; a keyword is one at the
// call's own bracket depth; comments and strings elsewhere are skipped, not evaluated.
SetupPyLiterals read_setup_py(std::string_view text);

} // namespace pycontainer::python
