#include "remote/netrc.hpp"

#include "util/error.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace pycontainer::remote {

namespace {

// Splits a netrc text into tokens, each with its line number for errors.
class NetrcTokens {
public:
  explicit NetrcTokens(std::string_view text) : m_text(text) {}

  // The next token, or nullopt at the end.
  std::optional<std::string> next()
  {
    skip_space_and_comments();
    if (m_position >= m_text.size()) {
      return std::nullopt;
    }
    std::string token;
    if (m_text[m_position] == '"') {
      for (++m_position; m_position < m_text.size() && m_text[m_position] != '"'; ++m_position) {
        if (m_text[m_position] == '\\' && m_position + 1 < m_text.size()) {
          ++m_position;
        }
        token += m_text[m_position];
      }
      ++m_position;
      return token;
    }
    while (m_position < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[m_position]))) {
      token += m_text[m_position++];
    }
    return token;
  }

  // After "macdef NAME": everything up to the next empty line is the macro.
  void skip_macro()
  {
    auto end = m_text.find("\n\n", m_position);
    m_line += static_cast<int>(std::count(m_text.begin() + static_cast<std::ptrdiff_t>(m_position),
                                          end == std::string_view::npos ? m_text.end()
                                                                        : m_text.begin() + static_cast<std::ptrdiff_t>(end),
                                          '\n'));
    m_position = end == std::string_view::npos ? m_text.size() : end;
  }

  int line() const { return m_line; }

private:
  void skip_space_and_comments()
  {
    while (m_position < m_text.size()) {
      char c = m_text[m_position];
      if (c == '\n') {
        ++m_line;
        ++m_position;
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        ++m_position;
      } else if (c == '#') {
        auto end = m_text.find('\n', m_position);
        m_position = end == std::string_view::npos ? m_text.size() : end;
      } else {
        return;
      }
    }
  }

  std::string_view m_text;
  std::size_t m_position = 0;
  int m_line = 1;
};

} // namespace

std::optional<NetrcEntry> netrc_lookup(std::string_view text, std::string_view host, std::string_view source)
{
  NetrcTokens tokens(text);
  std::optional<NetrcEntry> found;
  std::optional<NetrcEntry> fallback;
  std::optional<NetrcEntry>* current = nullptr; // the entry being read, when it is one we want
  bool in_entry = false;
  while (auto token = tokens.next()) {
    auto value = [&]() {
      auto next = tokens.next();
      if (!next) {
        throw UsageError(std::string(source) + ":" + std::to_string(tokens.line()) + ": \"" + *token +
                         "\" without a value (netrc: machine HOST login USER password SECRET)");
      }
      return *next;
    };
    if (*token == "machine" || *token == "default") {
      if (found) {
        break; // the first machine naming the host wins
      }
      in_entry = true;
      current = nullptr;
      if (*token == "default") {
        if (!fallback) {
          fallback.emplace();
          fallback->is_default = true;
          current = &fallback;
        }
      } else if (util::iequals(value(), host)) {
        found.emplace();
        current = &found;
      }
    } else if (*token == "login" || *token == "password" || *token == "account") {
      auto text_value = value();
      if (!in_entry || current == nullptr) {
        continue;
      }
      if (*token == "login") {
        (*current)->login = text_value;
      } else if (*token == "password") {
        (*current)->password = text_value;
      }
    } else if (*token == "macdef") {
      value();
      tokens.skip_macro();
    }
    // Other tokens (curl and Python ignore them too) are skipped.
  }
  return found ? found : fallback;
}

std::filesystem::path default_netrc_path()
{
  if (const char* netrc = std::getenv("NETRC"); netrc != nullptr && *netrc != '\0') {
    return netrc;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".netrc";
  }
  return {};
}

} // namespace pycontainer::remote
