#include "python/app_detection.hpp"

#include "util/string.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <map>
#include <vector>

namespace pycontainer::python {

namespace {

struct FrameworkNames {
  WebFramework framework;
  std::string_view module; // "fastapi"
  std::string_view type;   // "FastAPI"; empty for the frameworks without an app object
};
// FastAPI and Flask first, in order of preference: their app objects.
constexpr std::size_t k_object_frameworks = 2;
constexpr std::array<FrameworkNames, 4> k_frameworks{{{WebFramework::fastapi, "fastapi", "FastAPI"},
                                                      {WebFramework::flask, "flask", "Flask"},
                                                      {WebFramework::gradio, "gradio", ""},
                                                      {WebFramework::streamlit, "streamlit", ""}}};
constexpr std::size_t k_gradio = 2;
constexpr std::size_t k_streamlit = 3;

bool is_name_char(char c)
{
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || std::isalnum(byte) || c == '_';
}

std::size_t skip_blanks(std::string_view text, std::size_t i)
{
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) {
    ++i;
  }
  return i;
}

std::string_view name_at(std::string_view text, std::size_t i)
{
  std::size_t end = i;
  while (end < text.size() && is_name_char(text[end])) {
    ++end;
  }
  return text.substr(i, end - i);
}

bool starts_with_word(std::string_view text, std::string_view word)
{
  return text.starts_with(word) && (text.size() == word.size() || !is_name_char(text[word.size()]));
}

// Where `word` occurs in `text` as a whole name (a '.' before it is allowed: fastapi.FastAPI), from `from`.
std::size_t find_word(std::string_view text, std::string_view word, std::size_t from = 0)
{
  for (auto at = text.find(word, from); at != std::string_view::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || !is_name_char(text[at - 1]);
    bool ends = at + word.size() == text.size() || !is_name_char(text[at + word.size()]);
    if (starts && ends) {
      return at;
    }
  }
  return std::string_view::npos;
}

// A logical line of code: its physical lines joined, comments left out.
struct Statement {
  bool top_level = false; // starts in column 0
  std::string text;       // without the leading indentation
};

// Splits source into statements, following strings, brackets and backslash continuations.
class StatementScanner {
public:
  explicit StatementScanner(std::string_view source) : m_rest(source) {}

  bool next(Statement& statement)
  {
    statement.text.clear();
    bool started = false;
    while (!m_rest.empty()) {
      std::size_t end = m_rest.find('\n');
      std::string_view line = m_rest.substr(0, end);
      m_rest.remove_prefix(end == std::string_view::npos ? m_rest.size() : end + 1);
      if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
      }
      auto [code_start, code_end] = scan(line);
      std::string_view code = line.substr(code_start, code_end - code_start);
      if (!started) {
        std::size_t first = skip_blanks(code, 0);
        if (first == code.size() && complete()) {
          continue; // a blank line or a comment
        }
        statement.top_level = first == 0;
        code.remove_prefix(first);
        started = true;
      } else {
        statement.text += '\n';
      }
      statement.text += code;
      if (complete()) {
        return true;
      }
    }
    return started;
  }

private:
  bool complete() const { return m_depth == 0 && !m_backslash && m_triple_quote == '\0'; }

  // Follows strings and brackets through the line; returns where its code starts (after a string
  // closing on it) and ends (its comment, or a continuation's backslash).
  std::pair<std::size_t, std::size_t> scan(std::string_view line)
  {
    std::size_t i = 0;
    m_backslash = false;
    if (m_triple_quote != '\0') {
      std::size_t close = line.find(std::string(3, m_triple_quote));
      if (close == std::string_view::npos) {
        return {line.size(), line.size()};
      }
      m_triple_quote = '\0';
      i = close + 3;
    }
    std::size_t start = i;
    while (i < line.size()) {
      char c = line[i];
      if (c == '#') {
        return {start, i};
      }
      if (c == '\\' && i + 1 == line.size()) {
        m_backslash = true;
        return {start, i};
      }
      if (c == '(' || c == '[' || c == '{') {
        ++m_depth;
      } else if ((c == ')' || c == ']' || c == '}') && m_depth > 0) {
        --m_depth;
      }
      if (c != '"' && c != '\'') {
        ++i;
        continue;
      }
      if (line.substr(i, 3) == std::string(3, c)) {
        std::size_t close = line.find(std::string(3, c), i + 3);
        if (close == std::string_view::npos) {
          m_triple_quote = c;
          return {start, line.size()};
        }
        i = close + 3;
        continue;
      }
      for (++i; i < line.size() && line[i] != c; ++i) {
        if (line[i] == '\\') {
          ++i;
        }
      }
      ++i; // the closing quote
    }
    return {start, line.size()};
  }

  std::string_view m_rest;
  char m_triple_quote = '\0';
  int m_depth = 0;
  bool m_backslash = false;
};

struct Function {
  std::string name;
  std::array<bool, k_object_frameworks> builds{}; // constructs the framework's app or is annotated with it
  bool returns = false;                           // has a `return <value>`
};

struct Call {
  std::string variable; // `variable = callee(...)` at the top level
  std::string callee;   // as written: "get_application", "fastapi.FastAPI"
};

struct Imported {
  std::string module; // "app.factory", ".factory"
  std::string name;   // the name in that module
};

struct PortCall {
  int port = 0;
  std::string call; // "app.run(port=8080)"
};

struct ModuleFacts {
  std::array<bool, k_frameworks.size()> imported{};
  std::vector<std::string> streamlit_aliases; // `import streamlit as st` -> "st"
  std::vector<Call> calls;
  std::vector<Function> functions;
  std::map<std::string, Imported> from_imports; // by the name bound in this module
  bool streamlit_code = false;                  // top-level code using streamlit, or an `if __name__` block
  bool launches = false;                        // a `.launch(` call
  std::optional<PortCall> run_port;
  std::optional<PortCall> launch_port;
  std::map<std::string, int, std::less<>> port_names; // `port = 8080`: the names a port was assigned to
};

// The arguments of the call whose '(' is at `open`, up to its ')'.
std::string_view call_arguments(std::string_view text, std::size_t open)
{
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
    if (depth == 0) {
      return text.substr(open + 1, i - open - 1);
    }
  }
  return text.substr(open + 1);
}

// Where the argument starting at `i` ends: the next comma outside brackets, or the end.
std::size_t argument_end(std::string_view arguments, std::size_t i)
{
  int depth = 0;
  for (; i < arguments.size(); ++i) {
    char c = arguments[i];
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      break;
    }
  }
  return i;
}

// 8080 or "8080", when a port.
std::optional<int> port_literal(std::string_view text)
{
  text = util::trim(text);
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front()) {
    text = text.substr(1, text.size() - 2);
  }
  int port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  bool valid = error == std::errc() && end == text.data() + text.size() && port >= 1 && port <= 65535;
  return valid ? std::optional(port) : std::nullopt;
}

// The port an expression gives: a literal, a name assigned one before, or the default of an environment
// lookup (`int(os.environ.get("PORT", 8080))`, `os.getenv("PORT", "5000")`).
std::optional<int> port_value(std::string_view expression, const std::map<std::string, int, std::less<>>& names)
{
  expression = util::trim(expression);
  if (auto literal = port_literal(expression)) {
    return literal;
  }
  if (auto named = names.find(expression); named != names.end()) {
    return named->second;
  }
  for (std::string_view lookup : {"getenv(", "environ.get("}) {
    auto at = expression.find(lookup);
    if (at != std::string_view::npos) {
      std::string_view arguments = call_arguments(expression, at + lookup.size() - 1);
      std::size_t comma = argument_end(arguments, 0);
      return comma < arguments.size() ? port_literal(arguments.substr(comma + 1)) : std::nullopt;
    }
  }
  return std::nullopt;
}

// The port of keyword argument `keyword` in a call's argument text.
std::optional<int> keyword_port(std::string_view arguments, std::string_view keyword,
                                const std::map<std::string, int, std::less<>>& names)
{
  for (auto at = find_word(arguments, keyword); at != std::string_view::npos;
       at = find_word(arguments, keyword, at + 1)) {
    if (at > 0 && arguments[at - 1] == '.') {
      continue;
    }
    std::size_t i = skip_blanks(arguments, at + keyword.size());
    if (i >= arguments.size() || arguments[i] != '=' || (i + 1 < arguments.size() && arguments[i + 1] == '=')) {
      continue;
    }
    if (auto port = port_value(arguments.substr(i + 1, argument_end(arguments, i + 1) - i - 1), names)) {
      return port;
    }
  }
  return std::nullopt;
}

// `port = int(os.environ.get("PORT", 5000))`, at any indentation, for a later `app.run(port=port)`.
void note_port_name(std::string_view text, ModuleFacts& facts)
{
  std::string_view name = name_at(text, 0);
  std::size_t i = skip_blanks(text, name.size());
  if (name.empty() || i >= text.size() || text[i] != '=' || (i + 1 < text.size() && text[i + 1] == '=')) {
    return;
  }
  if (auto port = port_value(text.substr(i + 1), facts.port_names)) {
    facts.port_names[std::string(name)] = *port;
  }
}

// `X.run(..., port=N)` and `X.launch(..., server_port=N)`, at any indentation.
void note_port_calls(std::string_view text, ModuleFacts& facts)
{
  struct Method {
    std::string_view name;
    std::string_view keyword;
    std::optional<PortCall> ModuleFacts::*found;
  };
  for (const Method& method : {Method{".run", "port", &ModuleFacts::run_port},
                               Method{".launch", "server_port", &ModuleFacts::launch_port}}) {
    for (auto at = text.find(method.name); at != std::string_view::npos; at = text.find(method.name, at + 1)) {
      std::size_t open = skip_blanks(text, at + method.name.size());
      if ((facts.*method.found) || open >= text.size() || text[open] != '(' || at == 0 || !is_name_char(text[at - 1])) {
        continue;
      }
      std::size_t receiver = at;
      while (receiver > 0 && (is_name_char(text[receiver - 1]) || text[receiver - 1] == '.')) {
        --receiver;
      }
      if (auto port = keyword_port(call_arguments(text, open), method.keyword, facts.port_names)) {
        facts.*method.found = PortCall{*port, std::string(text.substr(receiver, at - receiver))
                                                + std::string(method.name) + "(" + std::string(method.keyword) + "="
                                                + std::to_string(*port) + ")"};
      }
    }
  }
}

// The frameworks `modules` ("fastapi, os as o") import, by their first dotted component; the names
// `import streamlit as st` binds.
void note_imported_modules(std::string_view modules, bool plain_import, ModuleFacts& facts)
{
  for (std::string_view item : [&] {
         std::vector<std::string_view> items;
         for (std::size_t comma; (comma = modules.find(',')) != std::string_view::npos; modules.remove_prefix(comma + 1)) {
           items.push_back(modules.substr(0, comma));
         }
         items.push_back(modules);
         return items;
       }()) {
    std::size_t i = skip_blanks(item, 0);
    std::string_view first = name_at(item, i);
    for (std::size_t f = 0; f < k_frameworks.size(); ++f) {
      if (first == k_frameworks[f].module) {
        facts.imported[f] = true;
      }
    }
    if (!plain_import || first != "streamlit") {
      continue;
    }
    std::size_t as = find_word(item, "as");
    facts.streamlit_aliases.emplace_back(as == std::string_view::npos ? first : name_at(item, skip_blanks(item, as + 2)));
  }
}

// `import fastapi, os` / `from fastapi import FastAPI` / `from .factory import (create_app as make)`.
// Returns whether the statement is an import.
bool note_import(const Statement& statement, ModuleFacts& facts)
{
  std::string_view text = statement.text;
  if (starts_with_word(text, "import")) {
    note_imported_modules(text.substr(6), true, facts);
    return true;
  }
  if (!starts_with_word(text, "from")) {
    return false;
  }
  std::size_t i = skip_blanks(text, 4);
  std::size_t end = i;
  while (end < text.size() && (is_name_char(text[end]) || text[end] == '.')) {
    ++end;
  }
  std::string_view module = text.substr(i, end - i);
  note_imported_modules(module, false, facts);
  std::size_t names = find_word(text, "import", end);
  if (!statement.top_level || names == std::string_view::npos) {
    return true;
  }
  std::string_view list = text.substr(names + 6);
  for (std::size_t at = 0; at < list.size();) {
    at = list.find_first_not_of(" \t\n(),", at);
    if (at == std::string_view::npos) {
      break;
    }
    std::string_view name = name_at(list, at);
    if (name.empty()) {
      break;
    }
    std::size_t next = skip_blanks(list, at + name.size());
    std::string_view bound = name;
    if (starts_with_word(list.substr(next), "as")) {
      next = skip_blanks(list, next + 2);
      bound = name_at(list, next);
      next += bound.size();
    }
    facts.from_imports[std::string(bound)] = Imported{std::string(module), std::string(name)};
    at = next;
  }
  return true;
}

// `<var> = callee(` or `<var>: T = callee(` at the top level.
void note_assignment(std::string_view text, ModuleFacts& facts)
{
  std::string_view variable = name_at(text, 0);
  if (variable.empty() || std::isdigit(static_cast<unsigned char>(variable.front()))) {
    return;
  }
  std::size_t i = skip_blanks(text, variable.size());
  if (i < text.size() && text[i] == ':') { // an annotation
    i = text.find('=', i);
  }
  if (i >= text.size() || text[i] != '=' || (i + 1 < text.size() && text[i + 1] == '=')) {
    return;
  }
  i = skip_blanks(text, i + 1);
  std::size_t callee_start = i;
  while (i < text.size() && (is_name_char(text[i]) || text[i] == '.')) {
    ++i;
  }
  std::string_view callee = text.substr(callee_start, i - callee_start);
  if (!callee.empty() && skip_blanks(text, i) < text.size() && text[skip_blanks(text, i)] == '(') {
    facts.calls.push_back(Call{std::string(variable), std::string(callee)});
  }
}

// Whether `text` constructs the framework's app: `FastAPI(`, `fastapi.FastAPI (`.
bool constructs(std::string_view text, std::string_view type)
{
  for (auto at = find_word(text, type); at != std::string_view::npos; at = find_word(text, type, at + 1)) {
    std::size_t open = skip_blanks(text, at + type.size());
    if (open < text.size() && text[open] == '(') {
      return true;
    }
  }
  return false;
}

// A top-level `def NAME(...) -> T:` / `async def`; returns whether the statement is one.
bool note_function(std::string_view text, ModuleFacts& facts)
{
  if (starts_with_word(text, "async")) {
    text.remove_prefix(skip_blanks(text, 5));
  }
  if (!starts_with_word(text, "def")) {
    return false;
  }
  Function function;
  function.name = name_at(text, skip_blanks(text, 3));
  auto arrow = text.find("->");
  for (std::size_t f = 0; f < k_object_frameworks && arrow != std::string_view::npos; ++f) {
    function.builds[f] = find_word(text.substr(arrow), k_frameworks[f].type) != std::string_view::npos;
  }
  facts.functions.push_back(std::move(function));
  return true;
}

// A statement inside the body of the last top-level function.
void note_body(std::string_view text, Function& function)
{
  for (std::size_t f = 0; f < k_object_frameworks; ++f) {
    function.builds[f] = function.builds[f] || constructs(text, k_frameworks[f].type);
  }
  if (starts_with_word(text, "return") && skip_blanks(text, 6) < text.size()) {
    function.returns = true;
  }
}

// Whether a top-level statement uses streamlit (`st.title(`, `x = st.slider(`, `with st.sidebar:`).
bool uses_streamlit(std::string_view text, const std::vector<std::string>& aliases)
{
  return std::any_of(aliases.begin(), aliases.end(), [&](const std::string& alias) {
    auto at = find_word(text, alias);
    return at != std::string_view::npos && (at == 0 || text[at - 1] != '.') && at + alias.size() < text.size()
           && text[at + alias.size()] == '.';
  });
}

ModuleFacts scan_module(std::string_view source)
{
  ModuleFacts facts;
  StatementScanner scanner(source);
  Statement statement;
  bool in_function = false;
  while (scanner.next(statement)) {
    std::string_view text = statement.text;
    note_port_name(text, facts);
    note_port_calls(text, facts);
    facts.launches = facts.launches || text.find(".launch(") != std::string_view::npos;
    bool is_import = note_import(statement, facts);
    if (!statement.top_level) {
      if (in_function) {
        note_body(text, facts.functions.back());
      }
      continue;
    }
    in_function = note_function(text, facts);
    if (in_function || is_import || text.starts_with('@') || starts_with_word(text, "class")) {
      continue;
    }
    note_assignment(text, facts);
    facts.streamlit_code = facts.streamlit_code || uses_streamlit(text, facts.streamlit_aliases)
                           || (starts_with_word(text, "if") && find_word(text, "__name__") != std::string_view::npos);
  }
  return facts;
}

AppObject make_app(WebFramework framework, std::string variable, bool factory = false, std::string built_by = {})
{
  return AppObject{framework, std::move(variable), factory, std::move(built_by), std::nullopt, {}};
}

const Function* function_named(const ModuleFacts& facts, std::string_view name)
{
  auto found = std::find_if(facts.functions.begin(), facts.functions.end(),
                            [&](const Function& function) { return function.name == name; });
  return found == facts.functions.end() ? nullptr : &*found;
}

// The framework whose app `function` builds and returns, when the module imports it.
std::optional<WebFramework> built_app(const ModuleFacts& facts, const Function* function)
{
  for (std::size_t f = 0; function != nullptr && function->returns && f < k_object_frameworks; ++f) {
    if (facts.imported[f] && function->builds[f]) {
      return k_frameworks[f].framework;
    }
  }
  return std::nullopt;
}

std::optional<AppObject> object_app(const ModuleFacts& facts, const FactoryLookup& lookup)
{
  for (std::size_t f = 0; f < k_object_frameworks; ++f) {
    if (!facts.imported[f]) {
      continue;
    }
    for (const auto& call : facts.calls) {
      std::string_view callee = call.callee;
      std::string_view type = callee.substr(callee.rfind('.') == std::string_view::npos ? 0 : callee.rfind('.') + 1);
      if (type == k_frameworks[f].type) {
        return make_app(k_frameworks[f].framework, call.variable);
      }
    }
  }
  for (const auto& call : facts.calls) {
    std::optional<WebFramework> framework = built_app(facts, function_named(facts, call.callee));
    if (auto imported = facts.from_imports.find(call.callee); !framework && imported != facts.from_imports.end() && lookup) {
      framework = lookup(imported->second.module, imported->second.name);
    }
    if (framework) {
      return make_app(*framework, call.variable, false, call.callee);
    }
  }
  return std::nullopt;
}

std::optional<AppObject> factory_app(const ModuleFacts& facts)
{
  for (std::string_view name : {"create_app", "make_app"}) {
    for (std::size_t f = 0; f < k_object_frameworks && function_named(facts, name) != nullptr; ++f) {
      if (facts.imported[f]) {
        return make_app(k_frameworks[f].framework, std::string(name), true);
      }
    }
  }
  for (const auto& function : facts.functions) {
    if (function.name.starts_with('_') || function.name.starts_with("test")) {
      continue;
    }
    if (auto framework = built_app(facts, &function)) {
      return make_app(*framework, function.name, true);
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<AppObject> find_app_object(std::string_view source, const FactoryLookup& lookup)
{
  ModuleFacts facts = scan_module(source);
  std::optional<AppObject> app = object_app(facts, lookup);
  if (!app) {
    app = factory_app(facts);
  }
  const std::optional<PortCall>* port = &facts.run_port;
  if (!app && facts.imported[k_gradio] && facts.launches) {
    app = make_app(WebFramework::gradio, "");
    port = &facts.launch_port;
  }
  if (!app && facts.imported[k_streamlit] && facts.streamlit_code) {
    app = make_app(WebFramework::streamlit, "");
    port = nullptr;
  }
  if (app && port != nullptr && *port) {
    app->port = (*port)->port;
    app->port_call = (*port)->call;
  }
  return app;
}

std::optional<WebFramework> find_factory(std::string_view source, std::string_view name)
{
  ModuleFacts facts = scan_module(source);
  return built_app(facts, function_named(facts, name));
}

const char* to_string(WebFramework framework)
{
  switch (framework) {
  case WebFramework::fastapi: return "fastapi";
  case WebFramework::flask: return "flask";
  case WebFramework::gradio: return "gradio";
  case WebFramework::streamlit: return "streamlit";
  }
  return "";
}

} // namespace pycontainer::python
