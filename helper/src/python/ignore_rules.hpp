#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::python {

// gitignore-syntax rules (the syntax of .dockerignore and .pycontainerignore too): blank lines and
// '#' comments skipped, '!' negates, a trailing '/' matches directories only, a pattern with a '/'
// other than at its end is anchored to the context root, '*' '?' '[...]' do not cross '/', '**'
// crosses directories, the last matching rule wins.
//
// A rule matching a directory matches everything under it too, and a later '!' rule can take a path
// back out of an ignored directory (as Docker does: "*" then "!src" keeps src/ whole). Like Docker,
// leading and trailing blanks are dropped (a trailing "\ " keeps its space), and a leading "./" is
// read as a leading "/".
class IgnoreRules {
public:
  void add(std::string_view pattern);
  // Adds every rule of a file (a missing file adds nothing).
  void add_file(const std::filesystem::path& file);

  // `relative_path` is '/'-separated and relative to the context root.
  bool ignored(std::string_view relative_path, bool is_directory) const;

  // Whether a '!' rule could take back something below `directory` (an ignored one): when false, a
  // walker need not descend into it.
  bool may_include_below(std::string_view directory) const;

  bool empty() const { return m_rules.empty(); }

private:
  struct Rule {
    std::string pattern;
    bool negated = false;
    bool directory_only = false;
    bool anchored = false;
  };
  // Whether `rule` matches the path or one of its parent directories.
  static bool matches(const Rule& rule, std::string_view relative_path, bool is_directory);

  std::vector<Rule> m_rules;
};

// Matches one gitignore-style glob against a whole '/'-separated path ("**" crosses '/').
bool glob_match(std::string_view pattern, std::string_view path);

} // namespace pycontainer::python
