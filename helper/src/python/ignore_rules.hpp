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
class IgnoreRules {
public:
  void add(std::string_view pattern);
  // Adds every rule of a file (a missing file adds nothing).
  void add_file(const std::filesystem::path& file);

  // `relative_path` is '/'-separated and relative to the context root.
  bool ignored(std::string_view relative_path, bool is_directory) const;

private:
  struct Rule {
    std::string pattern;
    bool negated = false;
    bool directory_only = false;
    bool anchored = false;
  };
  std::vector<Rule> m_rules;
};

// Matches one gitignore-style glob against a whole '/'-separated path ("**" crosses '/').
bool glob_match(std::string_view pattern, std::string_view path);

} // namespace pycontainer::python
