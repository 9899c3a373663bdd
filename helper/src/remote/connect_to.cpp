#include "remote/connect_to.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace pycontainer::remote {

namespace {

// The fields of `rule` between colons, a bracketed IPv6 address counting as one.
std::vector<std::string_view> fields_of(std::string_view rule)
{
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  bool in_brackets = false;
  for (std::size_t i = 0; i < rule.size(); ++i) {
    if (rule[i] == '[') {
      in_brackets = true;
    } else if (rule[i] == ']') {
      in_brackets = false;
    } else if (rule[i] == ':' && !in_brackets) {
      fields.push_back(rule.substr(start, i - start));
      start = i + 1;
    }
  }
  fields.push_back(rule.substr(start));
  return fields;
}

bool is_host(std::string_view host)
{
  if (host.starts_with('[')) {
    return host.size() > 2 && host.ends_with(']') && std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
             return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
           });
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
  });
}

bool is_port(std::string_view port)
{
  if (port.empty()) {
    return true;
  }
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int value = std::stoi(std::string(port));
  return value >= 1 && value <= 65535;
}

} // namespace

void check_connect_to(std::string_view rule)
{
  auto fields = fields_of(rule);
  if (fields.size() != 4 || !is_host(fields[0]) || !is_port(fields[1]) || !is_host(fields[2]) || !is_port(fields[3])) {
    throw UsageError("--connect-to \"" + std::string(rule) +
                     "\": expected HOST:PORT:CONNECT-HOST:CONNECT-PORT (e.g. ghcr.io:443:127.0.0.1:5000)");
  }
}

} // namespace pycontainer::remote
