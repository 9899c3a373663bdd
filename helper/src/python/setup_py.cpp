#include "python/setup_py.hpp"

#include <cctype>

namespace pycontainer::python {

namespace {

// Python source as the matcher sees it: names, string literals and single punctuation characters.
struct Token {
  enum class Kind { name, string, formatted_string, punctuation };
  Kind kind;
  std::string text; // a string's value
};

bool is_ascii_name_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The string literal starting at the quote text[i]; `i` ends past it.
std::string string_literal(std::string_view text, std::size_t& i, bool raw)
{
  char quote = text[i];
  bool triple = text.substr(i, 3) == std::string(3, quote);
  std::size_t quote_length = triple ? 3 : 1;
  std::string value;
  for (i += quote_length; i < text.size();) {
    if (text.substr(i, quote_length) == std::string(quote_length, quote)) {
      i += quote_length;
      return value;
    }
    if (!triple && text[i] == '\n') { // unterminated: stop at the line's end
      return value;
    }
    if (text[i] == '\\' && i + 1 < text.size()) {
      char next = text[i + 1];
      if (raw || (next != '\\' && next != '\'' && next != '"')) {
        value += '\\';
      }
      value += next;
      i += 2;
      continue;
    }
    value += text[i++];
  }
  return value;
}

std::vector<Token> tokenize_setup_py(std::string_view text)
{
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) || c == '\\') {
      ++i;
    } else if (c == '#') {
      i = text.find('\n', i);
      i = i == std::string_view::npos ? text.size() : i;
    } else if (is_ascii_name_char(c)) {
      std::size_t start = i;
      while (i < text.size() && is_ascii_name_char(text[i])) {
        ++i;
      }
      std::string name(text.substr(start, i - start));
      bool prefix = name.size() <= 2 && name.find_first_not_of("rRbBuUfF") == std::string::npos;
      if (prefix && i < text.size() && (text[i] == '"' || text[i] == '\'')) {
        bool formatted = name.find_first_of("fF") != std::string::npos;
        std::string value = string_literal(text, i, name.find_first_of("rR") != std::string::npos);
        tokens.push_back({formatted ? Token::Kind::formatted_string : Token::Kind::string, std::move(value)});
      } else {
        tokens.push_back({Token::Kind::name, std::move(name)});
      }
    } else if (c == '"' || c == '\'') {
      tokens.push_back({Token::Kind::string, string_literal(text, i, false)});
    } else {
      tokens.push_back({Token::Kind::punctuation, std::string(1, c)});
      ++i;
    }
  }
  return tokens;
}

class SetupCallMatcher {
public:
  explicit SetupCallMatcher(std::vector<Token> tokens) : m_tokens(std::move(tokens)) {}

  bool is(std::size_t i, std::string_view punctuation) const
  {
    return i < m_tokens.size() && m_tokens[i].kind == Token::Kind::punctuation && m_tokens[i].text == punctuation;
  }

  bool is_name(std::size_t i, std::string_view name) const
  {
    return i < m_tokens.size() && m_tokens[i].kind == Token::Kind::name && m_tokens[i].text == name;
  }

  bool is_string(std::size_t i) const { return i < m_tokens.size() && m_tokens[i].kind == Token::Kind::string; }

  // Adjacent string literals from `i`, joined; `i` ends past them. nullopt when `i` is not one.
  std::optional<std::string> strings(std::size_t& i) const
  {
    if (!is_string(i)) {
      return std::nullopt;
    }
    std::string value;
    while (is_string(i)) {
      value += m_tokens[i++].text;
    }
    return value;
  }

  // A value that is only string literals, ending at `,` or the closing bracket.
  std::optional<std::string> literal_argument(std::size_t i) const
  {
    auto value = strings(i);
    return value && (is(i, ",") || is(i, ")")) ? value : std::nullopt;
  }

  // ["a", "b"] or "a" at `i`.
  std::vector<std::string> string_list(std::size_t i) const
  {
    if (auto single = strings(i)) {
      return {*single};
    }
    std::vector<std::string> list;
    if (!is(i, "[") && !is(i, "(")) {
      return list;
    }
    for (++i; auto value = strings(i);) {
      list.push_back(*value);
      if (!is(i, ",")) {
        break;
      }
      ++i;
    }
    return list;
  }

  // The console_scripts of the entry_points value at `i`: {"console_scripts": [...]} or
  // dict(console_scripts=[...]).
  std::vector<std::string> console_scripts(std::size_t i) const
  {
    if (is(i, "{")) {
      for (std::size_t j = i + 1, depth = 1; j < m_tokens.size() && depth > 0; ++j) {
        if (is(j, "{") || is(j, "[") || is(j, "(")) {
          ++depth;
        } else if (is(j, "}") || is(j, "]") || is(j, ")")) {
          --depth;
        } else if (depth == 1 && is_string(j) && m_tokens[j].text == "console_scripts" && is(j + 1, ":")) {
          return string_list(j + 2);
        }
      }
    } else if (is_name(i, "dict") && is(i + 1, "(")) {
      for (std::size_t j = i + 2, depth = 1; j < m_tokens.size() && depth > 0; ++j) {
        if (is(j, "{") || is(j, "[") || is(j, "(")) {
          ++depth;
        } else if (is(j, "}") || is(j, "]") || is(j, ")")) {
          --depth;
        } else if (depth == 1 && is_name(j, "console_scripts") && is(j + 1, "=")) {
          return string_list(j + 2);
        }
      }
    }
    return {};
  }

  SetupPyLiterals read() const
  {
    SetupPyLiterals literals;
    // setup(...) or setuptools.setup(...), not `def setup(` nor another object's setup().
    auto is_setup_call = [&](std::size_t i) {
      if (!is_name(i, "setup") || !is(i + 1, "(") || is_name(i - 1, "def")) {
        return false;
      }
      return !is(i - 1, ".") || is_name(i - 2, "setuptools");
    };
    std::size_t call = 0;
    while (call < m_tokens.size() && !is_setup_call(call)) {
      ++call;
    }
    std::size_t depth = 1;
    for (std::size_t i = call + 2; i < m_tokens.size() && depth > 0; ++i) {
      if (is(i, "{") || is(i, "[") || is(i, "(")) {
        ++depth;
      } else if (is(i, "}") || is(i, "]") || is(i, ")")) {
        --depth;
      } else if (depth == 1 && m_tokens[i].kind == Token::Kind::name && is(i + 1, "=") && !is(i + 2, "=")
                 && (is(i - 1, ",") || is(i - 1, "("))) {
        const std::string& keyword = m_tokens[i].text;
        if (keyword == "name") {
          literals.name = literal_argument(i + 2);
        } else if (keyword == "version") {
          literals.version = literal_argument(i + 2);
        } else if (keyword == "entry_points") {
          literals.console_scripts = console_scripts(i + 2);
        }
      }
    }
    return literals;
  }

private:
  std::vector<Token> m_tokens;
};

} // namespace

SetupPyLiterals read_setup_py(std::string_view text)
{
  return SetupCallMatcher(tokenize_setup_py(text)).read();
}

} // namespace pycontainer::python
