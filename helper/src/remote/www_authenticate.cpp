#include "remote/www_authenticate.hpp"

#include "util/string.hpp"

#include <cctype>
#include <optional>

namespace pycontainer::remote {

namespace {

// RFC 9110 tchar.
bool is_token_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

class Parser {
public:
  explicit Parser(std::string_view text) : m_text(text) {}

  std::vector<Challenge> parse()
  {
    std::vector<Challenge> challenges;
    skip_separators();
    while (!at_end()) {
      auto scheme = token();
      if (scheme.empty()) {
        return challenges;
      }
      Challenge challenge{util::to_lower(scheme), {}};
      if (!parse_parameters(challenge)) {
        return challenges;
      }
      challenges.push_back(std::move(challenge));
      skip_separators();
    }
    return challenges;
  }

private:
  bool at_end() const { return m_position >= m_text.size(); }
  char peek() const { return at_end() ? '\0' : m_text[m_position]; }

  void skip_spaces()
  {
    while (peek() == ' ' || peek() == '\t') {
      ++m_position;
    }
  }

  void skip_separators()
  {
    while (peek() == ' ' || peek() == '\t' || peek() == ',') {
      ++m_position;
    }
  }

  std::string token()
  {
    auto start = m_position;
    while (!at_end() && is_token_char(peek())) {
      ++m_position;
    }
    return std::string(m_text.substr(start, m_position - start));
  }

  std::optional<std::string> quoted_string()
  {
    ++m_position; // the opening quote
    std::string value;
    while (!at_end()) {
      char c = m_text[m_position++];
      if (c == '"') {
        return value;
      }
      if (c == '\\') {
        if (at_end()) {
          return std::nullopt;
        }
        c = m_text[m_position++];
      }
      value += c;
    }
    return std::nullopt; // unterminated
  }

  // After a scheme: auth-params ("a=b, c="d"") or a token68, up to the next challenge.
  bool parse_parameters(Challenge& challenge)
  {
    skip_spaces();
    for (;;) {
      skip_spaces();
      if (at_end()) {
        return true;
      }
      auto start = m_position;
      auto name = token();
      skip_spaces();
      if (name.empty() || peek() != '=') {
        // Not a parameter: a new challenge starts here (or a token68, which registries do not use).
        m_position = start;
        if (name.empty() && peek() != ',') {
          return false;
        }
        return true;
      }
      ++m_position; // '='
      skip_spaces();
      std::string value;
      if (peek() == '"') {
        auto quoted = quoted_string();
        if (!quoted) {
          return false;
        }
        value = std::move(*quoted);
      } else {
        value = token();
        // token68 padding ("abc==") after a scheme without parameters
        while (peek() == '=') {
          value += '=';
          ++m_position;
        }
      }
      challenge.parameters[util::to_lower(name)] = std::move(value);
      skip_spaces();
      if (at_end()) {
        return true;
      }
      if (peek() != ',') {
        return false;
      }
      // Commas separate parameters and challenges alike; look at what follows.
      while (peek() == ',' || peek() == ' ' || peek() == '\t') {
        ++m_position;
      }
      auto next = m_position;
      auto following = token();
      skip_spaces();
      bool is_parameter = !following.empty() && peek() == '=';
      m_position = next;
      if (!is_parameter) {
        return true;
      }
    }
  }

  std::string_view m_text;
  std::size_t m_position = 0;
};

} // namespace

std::vector<Challenge> parse_www_authenticate(std::string_view header)
{
  return Parser(header).parse();
}

} // namespace pycontainer::remote
