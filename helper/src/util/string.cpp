#include "util/string.hpp"

#include <algorithm>
#include <cctype>

namespace pycontainer::util {

namespace {

bool is_space(char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

char lower(char c)
{
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Levenshtein distance: insertions, deletions and substitutions.
std::size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace

std::string_view trim(std::string_view text)
{
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::string to_lower(std::string_view text)
{
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), lower);
  return result;
}

bool iequals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
  std::vector<std::string_view> parts;
  for (;;) {
    std::size_t end = text.find(separator);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) {
      return parts;
    }
    text.remove_prefix(end + 1);
  }
}

std::optional<std::string_view> closest_match(std::string_view word, const std::vector<std::string_view>& candidates)
{
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (auto candidate : candidates) {
    if (auto distance = edit_distance(word, candidate); distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string base64_encode(std::string_view data, Base64 variant)
{
  const char* alphabet = variant == Base64::standard
                           ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                           : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string result;
  for (std::size_t i = 0; i < data.size(); i += 3) {
    std::size_t count = std::min<std::size_t>(3, data.size() - i);
    unsigned n = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      n = (n << 8) | (k < count ? static_cast<unsigned char>(data[i + k]) : 0U);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      if (k <= count) {
        result.push_back(alphabet[(n >> (18 - 6 * k)) & 63]);
      } else if (variant == Base64::standard) {
        result.push_back('=');
      }
    }
  }
  return result;
}

std::string normalise_project_name(std::string_view name)
{
  std::string normal;
  bool separator = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      separator = true;
      continue;
    }
    if (separator && !normal.empty()) {
      normal += '-';
    }
    separator = false;
    normal += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return normal;
}

} // namespace pycontainer::util
