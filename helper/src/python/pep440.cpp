#include "python/pep440.hpp"

#include "util/string.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace pycontainer::python {

namespace {

bool is_digit(char c)
{
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_alnum(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Reads a run of digits (at most 18, so that it fits); nullopt when there is none.
std::optional<std::uint64_t> read_number(std::string_view& text)
{
  std::size_t digits = 0;
  std::uint64_t value = 0;
  while (digits < text.size() && is_digit(text[digits])) {
    if (digits == 18) {
      return std::nullopt;
    }
    value = value * 10 + static_cast<std::uint64_t>(text[digits] - '0');
    ++digits;
  }
  if (digits == 0) {
    return std::nullopt;
  }
  text.remove_prefix(digits);
  return value;
}

void skip_separator(std::string_view& text)
{
  if (!text.empty() && (text.front() == '.' || text.front() == '-' || text.front() == '_')) {
    text.remove_prefix(1);
  }
}

// Takes the first of `words` that `text` starts with (after an optional separator); -1 when none does.
template <std::size_t N>
int read_word(std::string_view& text, const std::array<std::string_view, N>& words)
{
  std::string_view rest = text;
  skip_separator(rest);
  for (std::size_t i = 0; i < N; ++i) {
    if (rest.starts_with(words[i])) {
      text = rest.substr(words[i].size());
      return static_cast<int>(i);
    }
  }
  return -1;
}

// An optional separator and number after a pre, post or dev word: "rc1", "rc.1", "rc" (0).
std::uint64_t read_implicit_number(std::string_view& text)
{
  std::string_view rest = text;
  skip_separator(rest);
  if (auto number = read_number(rest)) {
    text = rest;
    return *number;
  }
  return 0;
}

int compare_release(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b)
{
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    auto x = i < a.size() ? a[i] : 0;
    auto y = i < b.size() ? b[i] : 0;
    if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

// Local segments: numbers compare as numbers and above words; a longer label sorts after its prefix.
int compare_local(const std::vector<std::string>& a, const std::vector<std::string>& b)
{
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    bool a_number = std::all_of(a[i].begin(), a[i].end(), is_digit);
    bool b_number = std::all_of(b[i].begin(), b[i].end(), is_digit);
    if (a_number != b_number) {
      return a_number ? 1 : -1;
    }
    if (a_number) {
      auto x = a[i].substr(a[i].find_first_not_of('0') == std::string::npos ? a[i].size() : a[i].find_first_not_of('0'));
      auto y = b[i].substr(b[i].find_first_not_of('0') == std::string::npos ? b[i].size() : b[i].find_first_not_of('0'));
      if (x.size() != y.size()) {
        return x.size() < y.size() ? -1 : 1;
      }
      if (x != y) {
        return x < y ? -1 : 1;
      }
    } else if (a[i] != b[i]) {
      return a[i] < b[i] ? -1 : 1;
    }
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

template <typename T>
int three_way(const T& a, const T& b)
{
  return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

std::optional<Version> Version::parse(std::string_view input)
{
  std::string lowered = util::to_lower(util::trim(input));
  std::string_view text = lowered;
  if (text.starts_with('v')) {
    text.remove_prefix(1);
  }
  Version version;
  auto first = read_number(text);
  if (!first) {
    return std::nullopt;
  }
  if (text.starts_with('!')) {
    version.m_epoch = *first;
    text.remove_prefix(1);
    first = read_number(text);
    if (!first) {
      return std::nullopt;
    }
  }
  version.m_release.push_back(*first);
  while (text.size() >= 2 && text.front() == '.' && is_digit(text[1])) {
    text.remove_prefix(1);
    auto number = read_number(text);
    if (!number) {
      return std::nullopt;
    }
    version.m_release.push_back(*number);
  }
  static constexpr std::array<std::string_view, 7> k_pre{"alpha", "beta", "preview", "pre", "rc", "a", "b"};
  static constexpr std::array<int, 7> k_pre_kind{0, 1, 2, 2, 2, 0, 1};
  static constexpr std::array<std::string_view, 1> k_c{"c"};
  int pre = read_word(text, k_pre);
  if (pre < 0 && read_word(text, k_c) == 0) {
    pre = 4; // "c" is "rc"
  }
  if (pre >= 0) {
    version.m_pre = std::pair{k_pre_kind[static_cast<std::size_t>(pre)], read_implicit_number(text)};
  }
  static constexpr std::array<std::string_view, 3> k_post{"post", "rev", "r"};
  if (read_word(text, k_post) >= 0) {
    version.m_post = read_implicit_number(text);
  } else if (text.starts_with('-') && text.size() > 1 && is_digit(text[1])) {
    text.remove_prefix(1);
    version.m_post = read_number(text);
  }
  static constexpr std::array<std::string_view, 1> k_dev{"dev"};
  if (read_word(text, k_dev) >= 0) {
    version.m_dev = read_implicit_number(text);
  }
  if (text.starts_with('+')) {
    text.remove_prefix(1);
    for (auto segment : util::split(text, '.')) {
      for (auto part : util::split(segment, '-')) {
        for (auto piece : util::split(part, '_')) {
          if (piece.empty() || !std::all_of(piece.begin(), piece.end(), is_alnum)) {
            return std::nullopt;
          }
          version.m_local.emplace_back(piece);
        }
      }
    }
    text = {};
  }
  if (!text.empty()) {
    return std::nullopt;
  }
  return version;
}

std::string Version::str() const
{
  std::string text = m_epoch ? std::to_string(m_epoch) + "!" : "";
  for (std::size_t i = 0; i < m_release.size(); ++i) {
    text += (i ? "." : "") + std::to_string(m_release[i]);
  }
  if (m_pre) {
    static constexpr std::array<const char*, 3> k_names{"a", "b", "rc"};
    text += k_names[static_cast<std::size_t>(m_pre->first)] + std::to_string(m_pre->second);
  }
  if (m_post) {
    text += ".post" + std::to_string(*m_post);
  }
  if (m_dev) {
    text += ".dev" + std::to_string(*m_dev);
  }
  for (std::size_t i = 0; i < m_local.size(); ++i) {
    text += (i ? "." : "+") + m_local[i];
  }
  return text;
}

Version Version::public_version() const
{
  Version version = *this;
  version.m_local.clear();
  return version;
}

Version Version::base_version() const
{
  Version version;
  version.m_epoch = m_epoch;
  version.m_release = m_release;
  return version;
}

int compare(const Version& a, const Version& b)
{
  if (a.m_epoch != b.m_epoch) {
    return a.m_epoch < b.m_epoch ? -1 : 1;
  }
  if (int order = compare_release(a.m_release, b.m_release)) {
    return order;
  }
  // packaging's key: a dev release of a final sorts before its pre-releases; a final after them.
  auto pre_key = [](const Version& v) -> std::pair<int, std::uint64_t> {
    if (!v.m_pre && !v.m_post && v.m_dev) return {-1, 0};
    if (!v.m_pre) return {3, 0};
    return *v.m_pre;
  };
  if (int order = three_way(pre_key(a), pre_key(b))) {
    return order;
  }
  auto post_key = [](const Version& v) { return v.m_post ? static_cast<std::int64_t>(*v.m_post) : -1; };
  if (int order = three_way(post_key(a), post_key(b))) {
    return order;
  }
  auto dev_key = [](const Version& v) { return v.m_dev ? *v.m_dev : UINT64_MAX; };
  if (int order = three_way(dev_key(a), dev_key(b))) {
    return order;
  }
  return compare_local(a.m_local, b.m_local);
}

std::optional<Specifier> Specifier::parse(std::string_view input)
{
  static constexpr std::array<std::string_view, 8> k_operators{"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
  std::string_view text = util::trim(input);
  auto op = std::find_if(k_operators.begin(), k_operators.end(), [&](std::string_view o) { return text.starts_with(o); });
  if (op == k_operators.end()) {
    return std::nullopt;
  }
  Specifier specifier;
  specifier.m_op = std::string(*op);
  text = util::trim(text.substr(op->size()));
  specifier.m_text = std::string(text);
  if (specifier.m_op == "===") {
    if (text.empty() || std::any_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
      return std::nullopt;
    }
    specifier.m_version = Version::parse(text);
    return specifier;
  }
  if (text.ends_with(".*")) {
    if (specifier.m_op != "==" && specifier.m_op != "!=") {
      return std::nullopt;
    }
    specifier.m_wildcard = true;
    text.remove_suffix(2);
  }
  specifier.m_version = Version::parse(text);
  if (!specifier.m_version) {
    return std::nullopt;
  }
  const auto& version = *specifier.m_version;
  bool local_allowed = specifier.m_op == "==" || specifier.m_op == "!=";
  if ((version.has_local() && (!local_allowed || specifier.m_wildcard)) ||
      (specifier.m_op == "~=" && version.release().size() < 2) ||
      (specifier.m_wildcard && (version.is_prerelease() || version.is_postrelease()))) {
    return std::nullopt;
  }
  return specifier;
}

bool Specifier::admits_text(std::string_view version) const
{
  if (m_op == "===") {
    return util::iequals(util::trim(version), m_text);
  }
  auto parsed = Version::parse(version);
  return parsed && admits(*parsed);
}

bool Specifier::admits(const Version& candidate) const
{
  if (m_op == "===") {
    return util::iequals(candidate.str(), m_text);
  }
  const auto& spec = *m_version;
  // Whether the candidate's release starts with `prefix` (in the specifier's epoch).
  auto prefix_match = [&](const std::vector<std::uint64_t>& prefix) {
    if (candidate.epoch() != spec.epoch()) {
      return false;
    }
    const auto& release = candidate.release();
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if ((i < release.size() ? release[i] : 0) != prefix[i]) {
        return false;
      }
    }
    return true;
  };
  auto equal = [&] {
    if (m_wildcard) {
      return prefix_match(spec.release());
    }
    return compare(spec.has_local() ? candidate : candidate.public_version(), spec) == 0;
  };
  if (m_op == "==") return equal();
  if (m_op == "!=") return !equal();
  auto plain = candidate.public_version();
  if (m_op == "<=") return compare(plain, spec) <= 0;
  if (m_op == ">=") return compare(plain, spec) >= 0;
  if (m_op == "<") {
    // "<3.0" does not admit 3.0's pre-releases, unless it is one itself.
    return compare(plain, spec) < 0 &&
           (spec.is_prerelease() || !candidate.is_prerelease() || compare(candidate.base_version(), spec.base_version()) != 0);
  }
  if (m_op == ">") {
    // ">3.0" does not admit 3.0's post-releases, unless it is one itself.
    return compare(plain, spec) > 0 &&
           (spec.is_postrelease() || !candidate.is_postrelease() || compare(candidate.base_version(), spec.base_version()) != 0);
  }
  // ~=X.Y.Z: >= X.Y.Z and == X.Y.*
  std::vector<std::uint64_t> prefix(spec.release().begin(), spec.release().end() - 1);
  return compare(plain, spec) >= 0 && prefix_match(prefix);
}

std::optional<std::vector<Specifier>> parse_specifiers(std::string_view text)
{
  std::vector<Specifier> specifiers;
  if (util::trim(text).empty()) {
    return specifiers;
  }
  for (auto part : util::split(text, ',')) {
    auto specifier = Specifier::parse(part);
    if (!specifier) {
      return std::nullopt;
    }
    specifiers.push_back(std::move(*specifier));
  }
  return specifiers;
}

bool admits_all(const std::vector<Specifier>& specifiers, const Version& version)
{
  return std::all_of(specifiers.begin(), specifiers.end(), [&](const Specifier& s) { return s.admits(version); });
}

} // namespace pycontainer::python
