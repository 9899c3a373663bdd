#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::remote {

// One challenge of a Www-Authenticate header (RFC 9110 section 11.6.1): `scheme` lower-cased
// ("basic", "bearer"), parameter names lower-cased, values unquoted with backslash escapes undone.
struct Challenge {
  std::string scheme;
  std::map<std::string, std::string> parameters;

  std::string parameter(const std::string& name) const
  {
    auto found = parameters.find(name);
    return found == parameters.end() ? std::string() : found->second;
  }
};

// Parses a header value holding one or more challenges:
//   Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull,push"
//   Basic realm="x", Bearer realm="y"
// Scheme and parameter names are case-insensitive; quoted values may contain commas and escapes.
// Malformed input ends the parse: the challenges complete before the error are returned.
std::vector<Challenge> parse_www_authenticate(std::string_view header);

} // namespace pycontainer::remote
