#include "python/app_detection.hpp"

#include <array>
#include <cctype>
#include <cstddef>

namespace pycontainer::python {

namespace {

constexpr std::size_t k_framework_count = 2;

struct FrameworkNames {
  WebFramework framework;
  std::string_view module; // "fastapi"
  std::string_view type;   // "FastAPI"
};
// In order of preference.
constexpr std::array<FrameworkNames, k_framework_count> k_frameworks{
  {{WebFramework::fastapi, "fastapi", "FastAPI"}, {WebFramework::flask, "flask", "Flask"}}};

bool is_name_char(char c)
{
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || std::isalnum(byte) || c == '_';
}

std::size_t skip_blanks(std::string_view line, std::size_t i)
{
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
    ++i;
  }
  return i;
}

// Splits source into lines, hiding text that sits in a triple-quoted string or a comment.
class LineScanner {
public:
  explicit LineScanner(std::string_view source) : m_rest(source) {}

  // The next line's code (up to its comment), or an empty view for a line that starts inside a
  // triple-quoted string; false at the end.
  bool next(std::string_view& code)
  {
    if (m_rest.empty()) {
      return false;
    }
    std::size_t end = m_rest.find('\n');
    std::string_view line = m_rest.substr(0, end);
    m_rest.remove_prefix(end == std::string_view::npos ? m_rest.size() : end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    bool starts_in_string = m_triple_quote != '\0';
    std::size_t code_end = scan(line);
    code = starts_in_string ? std::string_view() : line.substr(0, code_end);
    return true;
  }

private:
  // Follows strings through the line; returns where its comment starts (or its size).
  std::size_t scan(std::string_view line)
  {
    std::size_t i = 0;
    while (i < line.size()) {
      if (m_triple_quote != '\0') {
        std::size_t close = line.find(std::string(3, m_triple_quote), i);
        if (close == std::string_view::npos) {
          return line.size();
        }
        m_triple_quote = '\0';
        i = close + 3;
        continue;
      }
      char c = line[i];
      if (c == '#') {
        return i;
      }
      if (c != '"' && c != '\'') {
        ++i;
        continue;
      }
      if (line.substr(i, 3) == std::string(3, c)) {
        m_triple_quote = c;
        i += 3;
        continue;
      }
      for (++i; i < line.size() && line[i] != c; ++i) {
        if (line[i] == '\\') {
          ++i;
        }
      }
      ++i; // the closing quote
    }
    return line.size();
  }

  std::string_view m_rest;
  char m_triple_quote = '\0';
};

struct ModuleFacts {
  std::array<bool, k_framework_count> imported{};
  std::array<std::string, k_framework_count> variable{}; // the first top-level `<var> = Framework(`
  std::string factory;                                   // the first top-level `def create_app(` / `def make_app(`
};

// `def create_app(` or `def make_app(` with no indentation.
void note_factory(std::string_view code, ModuleFacts& facts)
{
  if (!facts.factory.empty() || !code.starts_with("def ")) {
    return;
  }
  std::size_t i = skip_blanks(code, 4);
  std::size_t start = i;
  while (i < code.size() && is_name_char(code[i])) {
    ++i;
  }
  std::string_view name = code.substr(start, i - start);
  if ((name == "create_app" || name == "make_app") && skip_blanks(code, i) < code.size() &&
      code[skip_blanks(code, i)] == '(') {
    facts.factory = name;
  }
}

// `import fastapi, os` / `from fastapi import FastAPI` / `from flask.app import Flask`, at any indentation.
void note_import(std::string_view code, ModuleFacts& facts)
{
  std::size_t i = skip_blanks(code, 0);
  std::string_view statement = code.substr(i);
  std::string_view modules;
  if (statement.starts_with("import ") || statement.starts_with("import\t")) {
    modules = statement.substr(7);
  } else if (statement.starts_with("from ") || statement.starts_with("from\t")) {
    std::string_view rest = statement.substr(5);
    rest.remove_prefix(skip_blanks(rest, 0));
    std::size_t end = 0;
    while (end < rest.size() && (is_name_char(rest[end]) || rest[end] == '.')) {
      ++end;
    }
    modules = rest.substr(0, end);
  } else {
    return;
  }
  // Each comma-separated module: its first dotted component names the framework.
  while (!modules.empty()) {
    modules.remove_prefix(skip_blanks(modules, 0));
    std::size_t end = 0;
    while (end < modules.size() && is_name_char(modules[end])) {
      ++end;
    }
    for (std::size_t f = 0; f < k_framework_count; ++f) {
      if (modules.substr(0, end) == k_frameworks[f].module) {
        facts.imported[f] = true;
      }
    }
    std::size_t comma = modules.find(',');
    modules.remove_prefix(comma == std::string_view::npos ? modules.size() : comma + 1);
  }
}

// `<var> = FastAPI(`, `<var>: FastAPI = fastapi.FastAPI(`, at the top level only.
void note_assignment(std::string_view code, ModuleFacts& facts)
{
  if (code.empty() || !is_name_char(code.front()) || std::isdigit(static_cast<unsigned char>(code.front()))) {
    return;
  }
  std::size_t i = 0;
  while (i < code.size() && is_name_char(code[i])) {
    ++i;
  }
  std::string_view variable = code.substr(0, i);
  i = skip_blanks(code, i);
  if (i < code.size() && code[i] == ':') { // an annotation
    i = code.find('=', i);
  }
  if (i >= code.size() || code[i] != '=' || (i + 1 < code.size() && code[i + 1] == '=')) {
    return;
  }
  i = skip_blanks(code, i + 1);
  std::size_t callee_start = i;
  while (i < code.size() && (is_name_char(code[i]) || code[i] == '.')) {
    ++i;
  }
  std::string_view callee = code.substr(callee_start, i - callee_start);
  i = skip_blanks(code, i);
  if (i >= code.size() || code[i] != '(') {
    return;
  }
  std::size_t dot = callee.rfind('.');
  std::string_view type = dot == std::string_view::npos ? callee : callee.substr(dot + 1);
  for (std::size_t f = 0; f < k_framework_count; ++f) {
    if (type == k_frameworks[f].type && facts.variable[f].empty()) {
      facts.variable[f] = variable;
    }
  }
}

} // namespace

std::optional<AppObject> find_app_object(std::string_view source)
{
  ModuleFacts facts;
  LineScanner lines(source);
  std::string_view code;
  while (lines.next(code)) {
    note_import(code, facts);
    note_assignment(code, facts);
    note_factory(code, facts);
  }
  for (std::size_t f = 0; f < k_framework_count; ++f) {
    if (facts.imported[f] && !facts.variable[f].empty()) {
      return AppObject{k_frameworks[f].framework, facts.variable[f]};
    }
  }
  for (std::size_t f = 0; f < k_framework_count; ++f) {
    if (facts.imported[f] && !facts.factory.empty()) {
      return AppObject{k_frameworks[f].framework, facts.factory, true};
    }
  }
  return std::nullopt;
}

const char* to_string(WebFramework framework)
{
  return framework == WebFramework::fastapi ? "fastapi" : "flask";
}

} // namespace pycontainer::python
