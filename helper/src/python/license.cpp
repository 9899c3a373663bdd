#include "python/license.hpp"

#include "util/string.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace pycontainer::python {

namespace {

constexpr std::array<std::string_view, 27> k_known_ids{
  "MIT",           "MIT-0",             "BSD-2-Clause",  "BSD-3-Clause",      "Apache-2.0",   "ISC",
  "MPL-2.0",       "PSF-2.0",           "Python-2.0",    "Unlicense",         "0BSD",         "Zlib",
  "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later",
  "GPL-3.0-only",  "GPL-3.0-or-later",  "AGPL-3.0-only", "AGPL-3.0-or-later", "EPL-2.0",      "CC0-1.0",
  "BSL-1.0",       "UPL-1.0",           "EUPL-1.2"};

// Trove classifiers that name one license, with its SPDX id. "Apache Software License" and "BSD
// License" name no version, so they are not here.
constexpr std::array<std::pair<std::string_view, std::string_view>, 21> k_classifiers{{
  {"License :: OSI Approved :: MIT License", "MIT"},
  {"License :: OSI Approved :: MIT No Attribution License (MIT-0)", "MIT-0"},
  {"License :: OSI Approved :: ISC License (ISCL)", "ISC"},
  {"License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"},
  {"License :: OSI Approved :: Python Software Foundation License", "PSF-2.0"},
  {"License :: OSI Approved :: The Unlicense (Unlicense)", "Unlicense"},
  {"License :: OSI Approved :: zlib/libpng License", "Zlib"},
  {"License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)", "BSL-1.0"},
  {"License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)", "EPL-2.0"},
  {"License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)", "EUPL-1.2"},
  {"License :: OSI Approved :: Universal Permissive License (UPL)", "UPL-1.0"},
  {"License :: OSI Approved :: GNU General Public License v2 (GPLv2)", "GPL-2.0-only"},
  {"License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)", "GPL-2.0-or-later"},
  {"License :: OSI Approved :: GNU General Public License v3 (GPLv3)", "GPL-3.0-only"},
  {"License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)", "GPL-3.0-or-later"},
  {"License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)", "LGPL-2.0-or-later"},
  {"License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)", "LGPL-3.0-only"},
  {"License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)", "LGPL-3.0-or-later"},
  {"License :: OSI Approved :: GNU Affero General Public License v3", "AGPL-3.0-only"},
  {"License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)", "AGPL-3.0-or-later"},
  {"License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"},
}};

bool is_operator(std::string_view token)
{
  return token == "AND" || token == "OR" || token == "WITH";
}

// SPDX's idstring: 1*(ALPHA / DIGIT / "-" / ".").
bool is_idstring(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

// What packaging files hold where a license belongs: LICENSE, LICENSE.txt, COPYING, NOTICE.md...
bool names_a_file(std::string_view id)
{
  std::string lower = util::to_lower(id);
  for (std::string_view prefix : {"license", "licence", "copying", "notice"}) {
    if (lower.starts_with(prefix)) {
      return true;
    }
  }
  for (std::string_view suffix : {".txt", ".md", ".rst"}) {
    if (lower.ends_with(suffix)) {
      return true;
    }
  }
  return false;
}

// simple-expression: license-id ["+"], or [DocumentRef-idstring:]LicenseRef-idstring.
bool is_simple_expression(std::string_view token)
{
  if (auto colon = token.find(':'); colon != std::string_view::npos) {
    auto document = token.substr(0, colon);
    if (!document.starts_with("DocumentRef-") || !is_idstring(document.substr(12))) {
      return false;
    }
    token.remove_prefix(colon + 1);
    return token.starts_with("LicenseRef-") && is_idstring(token.substr(11));
  }
  if (token.starts_with("LicenseRef-")) {
    return is_idstring(token.substr(11));
  }
  if (token.ends_with('+')) {
    token.remove_suffix(1);
  }
  return is_idstring(token) && !is_operator(token) && !names_a_file(token);
}

std::vector<std::string_view> tokenize(std::string_view text)
{
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back(text.substr(i, 1));
      ++i;
    } else {
      std::size_t end = text.find_first_of(" \t()", i);
      end = end == std::string_view::npos ? text.size() : end;
      tokens.push_back(text.substr(i, end - i));
      i = end;
    }
  }
  return tokens;
}

// Recursive descent over the tokens: expression = term *(("AND" / "OR") term);
// term = "(" expression ")" / simple-expression ["WITH" exception-id]. `ids` collects the license ids.
class ExpressionParser {
public:
  ExpressionParser(std::vector<std::string_view> tokens, std::vector<std::string_view>& ids)
    : m_tokens(std::move(tokens)), m_ids(ids)
  {
  }

  bool parse() { return expression() && m_next == m_tokens.size(); }

private:
  bool expression()
  {
    if (!term()) {
      return false;
    }
    while (peek() == "AND" || peek() == "OR") {
      ++m_next;
      if (!term()) {
        return false;
      }
    }
    return true;
  }

  bool term()
  {
    if (peek() == "(") {
      ++m_next;
      if (++m_depth > 32 || !expression() || peek() != ")") {
        return false;
      }
      --m_depth;
      ++m_next;
      return true;
    }
    auto token = peek();
    if (!is_simple_expression(token)) {
      return false;
    }
    m_ids.push_back(token);
    ++m_next;
    if (peek() == "WITH") {
      ++m_next;
      auto exception = peek();
      if (!is_idstring(exception) || is_operator(exception)) {
        return false;
      }
      ++m_next;
    }
    return true;
  }

  std::string_view peek() const { return m_next < m_tokens.size() ? m_tokens[m_next] : std::string_view(); }

  std::vector<std::string_view> m_tokens;
  std::vector<std::string_view>& m_ids;
  std::size_t m_next = 0;
  int m_depth = 0;
};

} // namespace

bool is_spdx_expression(std::string_view text)
{
  std::vector<std::string_view> ids;
  return ExpressionParser(tokenize(text), ids).parse();
}

std::optional<std::string> known_spdx_expression(std::string_view text)
{
  text = util::trim(text);
  std::vector<std::string_view> ids;
  if (!ExpressionParser(tokenize(text), ids).parse()) {
    return std::nullopt;
  }
  for (auto id : ids) {
    if (std::find(k_known_ids.begin(), k_known_ids.end(), id) == k_known_ids.end()) {
      return std::nullopt;
    }
  }
  return std::string(text);
}

std::optional<std::string> classifiers_license(const std::vector<std::string>& classifiers)
{
  std::optional<std::string> found;
  for (const auto& classifier : classifiers) {
    for (const auto& [name, id] : k_classifiers) {
      if (util::trim(classifier) == name) {
        if (found && *found != id) {
          return std::nullopt;
        }
        found = std::string(id);
      }
    }
  }
  return found;
}

} // namespace pycontainer::python
