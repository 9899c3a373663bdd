#include "python/ignore_rules.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace pycontainer::python {

namespace {

struct CharClass {
  std::size_t end = 0; // index just past the closing ']'
  bool matched = false;
};

// Parses the class starting at pattern[start] == '[' and tests `c` against it; nullopt when the class
// is not closed (the '[' is then an ordinary character).
std::optional<CharClass> match_class(std::string_view pattern, std::size_t start, char c)
{
  std::size_t i = start + 1;
  bool negated = false;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
    negated = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < pattern.size()) {
    char low = pattern[i];
    if (low == ']' && !first) {
      return CharClass{i + 1, matched != negated};
    }
    first = false;
    if (low == '\\' && i + 1 < pattern.size()) {
      low = pattern[++i];
    }
    ++i;
    char high = low;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      high = pattern[i + 1];
      i += 2;
      if (high == '\\' && i < pattern.size()) {
        high = pattern[i++];
      }
    }
    if (low <= c && c <= high) {
      matched = true;
    }
  }
  return std::nullopt;
}

// Backtracking matcher with a memo over (pattern index, path index), so patterns with many stars
// stay polynomial.
class Matcher {
public:
  Matcher(std::string_view pattern, std::string_view path) : m_pattern(pattern), m_path(path)
  {
    if (pattern.find('*') != std::string_view::npos) {
      m_memo.assign((pattern.size() + 1) * (path.size() + 1), -1);
    }
  }

  bool match(std::size_t p, std::size_t s)
  {
    if (m_memo.empty()) {
      return compute(p, s); // without '*' there is no backtracking to remember
    }
    signed char& memo = m_memo[p * (m_path.size() + 1) + s];
    if (memo < 0) {
      memo = compute(p, s) ? 1 : 0;
    }
    return memo == 1;
  }

private:
  // "**" forming a whole path component.
  bool is_double_star(std::size_t p) const
  {
    return m_pattern[p] == '*' && p + 1 < m_pattern.size() && m_pattern[p + 1] == '*'
           && (p == 0 || m_pattern[p - 1] == '/') && (p + 2 == m_pattern.size() || m_pattern[p + 2] == '/');
  }

  bool compute(std::size_t p, std::size_t s)
  {
    if (p == m_pattern.size()) {
      return s == m_path.size();
    }
    char c = m_pattern[p];
    if (c == '*' && is_double_star(p)) {
      if (p + 2 == m_pattern.size()) {
        return true; // trailing "**": everything below
      }
      // "**/": zero or more whole directories.
      if (match(p + 3, s)) {
        return true;
      }
      for (std::size_t i = s; i < m_path.size(); ++i) {
        if (m_path[i] == '/' && match(p + 3, i + 1)) {
          return true;
        }
      }
      return false;
    }
    if (c == '*') {
      std::size_t next = p;
      while (next < m_pattern.size() && m_pattern[next] == '*') {
        ++next;
      }
      for (std::size_t i = s;; ++i) {
        if (match(next, i)) {
          return true;
        }
        if (i == m_path.size() || m_path[i] == '/') {
          return false;
        }
      }
    }
    if (s == m_path.size()) {
      return false;
    }
    char actual = m_path[s];
    if (c == '?') {
      return actual != '/' && match(p + 1, s + 1);
    }
    if (c == '[') {
      if (auto cls = match_class(m_pattern, p, actual)) {
        return actual != '/' && cls->matched && match(cls->end, s + 1);
      }
    }
    if (c == '\\' && p + 1 < m_pattern.size()) {
      return m_pattern[p + 1] == actual && match(p + 2, s + 1);
    }
    return c == actual && match(p + 1, s + 1);
  }

  std::string_view m_pattern;
  std::string_view m_path;
  std::vector<signed char> m_memo;
};

} // namespace

bool glob_match(std::string_view pattern, std::string_view path)
{
  return Matcher(pattern, path).match(0, 0);
}

} // namespace pycontainer::python
