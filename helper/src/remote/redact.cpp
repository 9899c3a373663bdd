#include "remote/redact.hpp"

#include "util/string.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace pycontainer::remote {

namespace {

bool is_secret_parameter(std::string_view name)
{
  static constexpr std::array<std::string_view, 9> k_secret_words = {
    "sig", "token", "credential", "password", "secret", "key", "auth", "session", "code"};
  auto lowered = util::to_lower(name);
  return std::any_of(k_secret_words.begin(), k_secret_words.end(),
                     [&](std::string_view word) { return lowered.find(word) != std::string::npos; });
}

} // namespace

std::string redact_url(std::string_view url)
{
  // user:password@ in the authority (package index URLs carry them): the user is kept, the password
  // redacted; a lone user (often a token) is redacted.
  std::string unredacted;
  if (auto scheme = url.find("://"); scheme != std::string_view::npos) {
    auto authority_end = url.find_first_of("/?#", scheme + 3);
    auto at = url.substr(0, authority_end).rfind('@');
    if (at != std::string_view::npos && at > scheme) {
      auto colon = url.substr(0, at).find(':', scheme + 3);
      unredacted = colon == std::string_view::npos
                     ? std::string(url.substr(0, scheme + 3)) + "REDACTED" + std::string(url.substr(at))
                     : std::string(url.substr(0, colon)) + ":REDACTED" + std::string(url.substr(at));
      url = unredacted;
    }
  }
  auto query = url.find('?');
  if (query == std::string_view::npos) {
    return std::string(url);
  }
  std::string result(url.substr(0, query + 1));
  std::string_view rest = url.substr(query + 1);
  bool first = true;
  while (!rest.empty() || first) {
    auto amp = rest.find('&');
    auto part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (!first) {
      result += '&';
    }
    first = false;
    auto equals = part.find('=');
    if (equals != std::string_view::npos && is_secret_parameter(part.substr(0, equals))) {
      result += std::string(part.substr(0, equals)) + "=REDACTED";
    } else {
      result += part;
    }
    if (amp == std::string_view::npos) {
      break;
    }
  }
  return result;
}

std::string redact_header(std::string_view name, std::string_view value)
{
  auto lowered = util::to_lower(name);
  if (lowered == "authorization" || lowered == "proxy-authorization") {
    auto space = value.find(' ');
    return space == std::string_view::npos ? "REDACTED" : std::string(value.substr(0, space)) + " REDACTED";
  }
  if (lowered == "cookie" || lowered == "set-cookie") {
    return "REDACTED";
  }
  if (lowered == "location" || lowered == "content-location") {
    return redact_url(value);
  }
  return std::string(value);
}

} // namespace pycontainer::remote
