#include "python/pyproject.hpp"

#include "util/string.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <string_view>

namespace pycontainer::python {

namespace {

using Release = std::vector<unsigned long>;

// One clause of a constraint: ">=3.11", "==3.12.*", Poetry's "^3.10", "~3.10", a bare "3.10", or "*".
struct Clause {
  std::string op; // "" for a bare version
  Release release;
  bool wildcard = false; // "3.12.*"
  bool any = false;      // "*"
};

// A constraint: alternatives (Poetry's "||") of clauses that must all hold.
using Constraint = std::vector<std::vector<Clause>>;

int compare(const Release& a, const Release& b)
{
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    unsigned long x = i < a.size() ? a[i] : 0;
    unsigned long y = i < b.size() ? b[i] : 0;
    if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

bool has_prefix(const Release& version, const Release& prefix)
{
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if ((i < version.size() ? version[i] : 0) != prefix[i]) {
      return false;
    }
  }
  return true;
}

// "3.11.2" -> {3, 11, 2}; a pre/post/dev suffix ("rc1") is left in `text`.
Release read_release(std::string_view& text)
{
  Release release;
  while (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front()))) {
    unsigned long value = 0;
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) && digits < 9) {
      value = value * 10 + static_cast<unsigned long>(text[digits] - '0');
      ++digits;
    }
    release.push_back(value);
    text.remove_prefix(digits);
    if (text.size() < 2 || text.front() != '.' || !std::isdigit(static_cast<unsigned char>(text[1]))) {
      break;
    }
    text.remove_prefix(1);
  }
  return release;
}

// nullopt when `text` is not a constraint this reader understands.
std::optional<Constraint> parse_constraint(std::string_view text)
{
  static constexpr std::array<std::string_view, 11> k_operators{"===", "~=", "==", "!=", "<=", ">=",
                                                                "<",   ">",  "^",  "~",  "="};
  auto is_separator = [](char c) { return c == ',' || std::isspace(static_cast<unsigned char>(c)); };
  Constraint constraint(1);
  while (true) {
    while (!text.empty() && is_separator(text.front())) {
      text.remove_prefix(1);
    }
    if (text.empty()) {
      break;
    }
    if (text.starts_with('|')) {
      text.remove_prefix(text.starts_with("||") ? 2 : 1);
      constraint.emplace_back();
      continue;
    }
    Clause clause;
    if (text.starts_with('*')) {
      clause.any = true;
      text.remove_prefix(1);
    } else {
      auto op = std::find_if(k_operators.begin(), k_operators.end(), [&](std::string_view o) { return text.starts_with(o); });
      if (op != k_operators.end()) {
        clause.op = *op == "=" ? "==" : std::string(*op);
        text.remove_prefix(op->size());
      }
      text = util::trim(text);
      clause.release = read_release(text);
      if (clause.release.empty()) {
        return std::nullopt;
      }
      if (text.starts_with(".*")) {
        clause.wildcard = true;
        text.remove_prefix(2);
      }
      while (!text.empty() && !is_separator(text.front()) && text.front() != '|') {
        text.remove_prefix(1); // a pre-release or local suffix: ignored
      }
    }
    constraint.back().push_back(std::move(clause));
  }
  bool empty_alternative = std::any_of(constraint.begin(), constraint.end(), [](const auto& clauses) { return clauses.empty(); });
  if (empty_alternative && constraint.size() > 1) {
    return std::nullopt;
  }
  return constraint;
}

// The first version a Poetry caret or tilde excludes: ^3.10 -> 4, ~3.10 -> 3.11.
Release upper_bound(const Clause& clause)
{
  Release upper = clause.release;
  std::size_t keep = 0;
  if (clause.op == "^") {
    while (keep + 1 < upper.size() && upper[keep] == 0) {
      ++keep;
    }
  } else {
    keep = upper.size() >= 2 ? 1 : 0;
  }
  upper.resize(keep + 1);
  ++upper[keep];
  return upper;
}

bool admits(const Clause& clause, const Release& version)
{
  if (clause.any) {
    return true;
  }
  const auto& op = clause.op;
  int order = compare(version, clause.release);
  // A bare X.Y is taken as X.Y.*: Poetry users write python = "3.11" for any 3.11.
  bool prefix_match = clause.wildcard || (op.empty() && clause.release.size() <= 2);
  if (op.empty() || op == "==" || op == "===") {
    return prefix_match ? has_prefix(version, clause.release) : order == 0;
  }
  if (op == "!=") {
    return clause.wildcard ? !has_prefix(version, clause.release) : order != 0;
  }
  if (op == ">=") return order >= 0;
  if (op == "<=") return order <= 0;
  if (op == ">") return order > 0;
  if (op == "<") return order < 0;
  if (op == "~=") {
    Release prefix(clause.release.begin(), clause.release.end() - (clause.release.size() > 1 ? 1 : 0));
    return order >= 0 && has_prefix(version, prefix);
  }
  return order >= 0 && compare(version, upper_bound(clause)) < 0; // ^ and ~
}

// The lowest version a clause admits; nullopt for upper bounds and exclusions. A strict ">3.9" still
// admits 3.9.1, so it gives 3.9 too.
std::optional<Release> lower_bound(const Clause& clause)
{
  if (clause.any || clause.op == "!=" || clause.op == "<" || clause.op == "<=") {
    return std::nullopt;
  }
  return clause.release;
}

} // namespace

std::optional<std::string> requires_python_problem(const std::string& requires_python)
{
  // PEP 440 version specifiers: an operator, then a release (digits and dots, "*" after == and !=), an
  // optional pre/post/dev/local suffix of letters, digits, '.', '+', '-', '_'.
  static const std::regex k_specifier(R"(\s*(===|~=|==|!=|<=|>=|<|>)\s*[0-9]+(\.[0-9]+)*(\.\*)?[A-Za-z0-9.+_-]*\s*)");
  if (util::trim(requires_python).empty()) {
    return std::nullopt; // no constraint
  }
  for (std::string_view specifier : util::split(requires_python, ',')) {
    if (!std::regex_match(specifier.begin(), specifier.end(), k_specifier)) {
      return "\"" + std::string(util::trim(specifier)) +
             "\" is not a version specifier (PEP 440: an operator and a version, e.g. \">=3.11\" or \"~=3.12\")";
    }
  }
  return std::nullopt;
}

std::optional<std::string> minimum_python_version(const std::string& requires_python)
{
  auto constraint = parse_constraint(requires_python);
  if (!constraint) {
    return std::nullopt;
  }
  std::optional<Release> lowest; // over the alternatives
  for (const auto& clauses : *constraint) {
    std::optional<Release> highest; // over the clauses of one alternative
    for (const auto& clause : clauses) {
      auto bound = lower_bound(clause);
      if (bound && (!highest || compare(*highest, *bound) < 0)) {
        highest = bound;
      }
    }
    if (!highest) {
      return std::nullopt;
    }
    if (!lowest || compare(*highest, *lowest) < 0) {
      lowest = highest;
    }
  }
  if (!lowest) {
    return std::nullopt;
  }
  lowest->resize(2);
  return std::to_string((*lowest)[0]) + "." + std::to_string((*lowest)[1]);
}

std::optional<bool> python_admits(const std::string& requires_python, const std::string& version)
{
  auto constraint = parse_constraint(requires_python);
  std::string_view text = version;
  Release release = read_release(text);
  if (!constraint || release.empty()) {
    return std::nullopt;
  }
  auto admitted = [&](const Release& candidate) {
    return std::any_of(constraint->begin(), constraint->end(), [&](const auto& clauses) {
      return std::all_of(clauses.begin(), clauses.end(), [&](const Clause& clause) { return admits(clause, candidate); });
    });
  };
  if (release.size() >= 3) {
    return admitted(release);
  }
  // Only X.Y is known: admitted when some X.Y.Z is.
  release.resize(3);
  for (unsigned long micro = 0; micro < 100; ++micro) {
    release[2] = micro;
    if (admitted(release)) {
      return true;
    }
  }
  return false;
}

} // namespace pycontainer::python
