#include "deps/markers.hpp"

#include "deps/distributions.hpp"
#include "python/pep440.hpp"
#include "util/error.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace pycontainer::deps {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> k_legacy_names{{
  {"os.name", "os_name"},
  {"sys.platform", "sys_platform"},
  {"platform.version", "platform_version"},
  {"platform.machine", "platform_machine"},
  {"platform.python_implementation", "platform_python_implementation"},
  {"python_implementation", "platform_python_implementation"},
  {"platform.release", "platform_release"},
}};

constexpr std::array<std::string_view, 14> k_variables{
  "python_version", "python_full_version", "os_name", "sys_platform", "platform_release", "platform_system",
  "platform_version", "platform_machine", "platform_python_implementation", "implementation_name",
  "implementation_version", "extra", "extras", "dependency_groups"};

// A side of a comparison: a literal string, or a variable (its canonical name).
struct Operand {
  bool variable = false;
  std::string text;
};

// Parses and evaluates at once: every part is read, so a bad marker fails however it would evaluate.
class MarkerParser {
public:
  MarkerParser(std::string_view marker, const MarkerEnvironment& environment) : m_text(marker), m_environment(environment) {}

  bool evaluate()
  {
    bool value = parse_or();
    skip_space();
    if (m_position != m_text.size()) {
      fail("unexpected '" + std::string(m_text.substr(m_position, 10)) + "'");
    }
    return value;
  }

private:
  [[noreturn]] void fail(const std::string& what) const
  {
    throw UsageError("marker '" + std::string(m_text) + "': " + what + " at column " + std::to_string(m_position + 1));
  }

  void skip_space()
  {
    while (m_position < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_position]))) {
      ++m_position;
    }
  }

  // The identifier at the position (letters, digits, '_', '.'), without taking it.
  std::string_view peek_word()
  {
    skip_space();
    std::size_t end = m_position;
    while (end < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[end])) || m_text[end] == '_' || m_text[end] == '.')) {
      ++end;
    }
    return m_text.substr(m_position, end - m_position);
  }

  bool take_word(std::string_view word)
  {
    if (peek_word() == word) {
      m_position += word.size();
      return true;
    }
    return false;
  }

  bool parse_or()
  {
    bool value = parse_and();
    while (take_word("or")) {
      value = parse_and() || value;
    }
    return value;
  }

  bool parse_and()
  {
    bool value = parse_expression();
    while (take_word("and")) {
      value = parse_expression() && value;
    }
    return value;
  }

  bool parse_expression()
  {
    skip_space();
    if (m_position < m_text.size() && m_text[m_position] == '(') {
      ++m_position;
      bool value = parse_or();
      skip_space();
      if (m_position >= m_text.size() || m_text[m_position] != ')') {
        fail("expected ')'");
      }
      ++m_position;
      return value;
    }
    auto left = parse_operand();
    auto op = parse_operator();
    auto right = parse_operand();
    return compare(left, op, right);
  }

  Operand parse_operand()
  {
    skip_space();
    if (m_position < m_text.size() && (m_text[m_position] == '\'' || m_text[m_position] == '"')) {
      char quote = m_text[m_position];
      auto end = m_text.find(quote, m_position + 1);
      if (end == std::string_view::npos) {
        fail("unterminated string");
      }
      Operand operand{false, std::string(m_text.substr(m_position + 1, end - m_position - 1))};
      m_position = end + 1;
      return operand;
    }
    auto word = peek_word();
    std::string name(word);
    for (const auto& [legacy, canonical] : k_legacy_names) {
      if (word == legacy) {
        name = canonical;
      }
    }
    bool known = std::find(k_variables.begin(), k_variables.end(), std::string_view(name)) != k_variables.end();
    if (!known && !word.empty() && std::isdigit(static_cast<unsigned char>(word.front()))) {
      fail("a version must be quoted ('" + std::string(word) + "')");
    }
    if (!known) {
      fail(word.empty() ? "expected a quoted string or a marker variable" : "unknown marker variable '" + std::string(word) + "'");
    }
    m_position += word.size();
    return Operand{true, name};
  }

  std::string parse_operator()
  {
    skip_space();
    static constexpr std::array<std::string_view, 8> k_operators{"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
    for (auto op : k_operators) {
      if (m_text.substr(m_position).starts_with(op)) {
        m_position += op.size();
        return std::string(op);
      }
    }
    if (take_word("in")) {
      return "in";
    }
    if (take_word("not")) {
      if (!take_word("in")) {
        fail("expected 'in' after 'not'");
      }
      return "not in";
    }
    fail("expected a comparison operator (==, !=, <, <=, >, >=, ~=, ===, in, not in)");
  }

  bool compare(const Operand& left, const std::string& op, const Operand& right) const
  {
    if (left.variable == right.variable) {
      fail(left.variable ? "a comparison of two variables" : "a comparison of two strings");
    }
    const auto& variable = left.variable ? left.text : right.text;
    if (variable == "extras" || variable == "dependency_groups") {
      if (left.variable || (op != "in" && op != "not in")) {
        fail("'" + variable + "' is a set: test it with \"'name' in " + variable + "\"");
      }
      const auto& set = variable == "extras" ? m_environment.extras : m_environment.dependency_groups;
      return set.contains(normalise_name(left.text)) == (op == "in");
    }
    if (variable == "extra") {
      const auto& name = left.variable ? right.text : left.text;
      bool chosen = m_environment.extras.contains(normalise_name(name));
      if (op == "==") return chosen;
      if (op == "!=") return !chosen;
      fail("'extra' is compared with == or !=");
    }
    auto value = [&](const Operand& operand) {
      if (!operand.variable) {
        return operand.text;
      }
      auto found = m_environment.values.find(operand.text);
      return found == m_environment.values.end() ? std::string() : found->second;
    };
    auto lhs = value(left);
    auto rhs = value(right);
    if (op != "in" && op != "not in") {
      if (auto specifier = python::Specifier::parse(op + rhs)) {
        if (op == "===" || python::Version::parse(lhs)) {
          return specifier->admits_text(lhs);
        }
      }
    }
    if (op == "in") return rhs.find(lhs) != std::string::npos;
    if (op == "not in") return rhs.find(lhs) == std::string::npos;
    if (op == "==" || op == "===") return lhs == rhs;
    if (op == "!=") return lhs != rhs;
    if (op == "<") return lhs < rhs;
    if (op == "<=") return lhs <= rhs;
    if (op == ">") return lhs > rhs;
    if (op == ">=") return lhs >= rhs;
    fail("'" + op + "' compares versions, and '" + rhs + "' is none");
  }

  std::string_view m_text;
  const MarkerEnvironment& m_environment;
  std::size_t m_position = 0;
};

} // namespace

MarkerEnvironment linux_environment(const std::string& python_full_version, const std::string& machine)
{
  auto full = python_full_version;
  if (std::count(full.begin(), full.end(), '.') == 1) {
    full += ".0";
  }
  MarkerEnvironment environment;
  environment.values = {
    {"python_version", full.substr(0, full.find('.', full.find('.') + 1))},
    {"python_full_version", full},
    {"implementation_version", full},
    {"os_name", "posix"},
    {"sys_platform", "linux"},
    {"platform_system", "Linux"},
    {"platform_machine", machine},
    {"platform_python_implementation", "CPython"},
    {"implementation_name", "cpython"},
    {"platform_release", ""},
    {"platform_version", ""},
  };
  return environment;
}

bool marker_holds(std::string_view marker, const MarkerEnvironment& environment)
{
  if (util::trim(marker).empty()) {
    return true;
  }
  return MarkerParser(marker, environment).evaluate();
}

} // namespace pycontainer::deps
