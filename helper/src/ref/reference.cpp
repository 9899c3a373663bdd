#include "ref/reference.hpp"

#include "oci/digest.hpp"
#include "util/error.hpp"

#include <algorithm>

// The grammar is Docker's (github.com/distribution/reference):
//
//   reference        := name [ ":" tag ] [ "@" digest ]
//   name             := [domain "/"] path-component ["/" path-component]*
//   domain           := host [":" port-number]
//   host             := domain-name | "[" IPv6address "]"
//   domain-name      := domain-component ["." domain-component]*
//   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//   path-component   := alpha-numeric [separator alpha-numeric]*
//   alpha-numeric    := /[a-z0-9]+/
//   separator        := /[_.]|__|[-]+/
//   tag              := /[\w][\w.-]{0,127}/
//
// The first component is the domain only when it contains '.' or ':' or is "localhost"; otherwise
// the registry is Docker Hub, whose single-component names live under "library/".
//
// One deliberate difference: "localhost:5000" or "registry.example.com:443" alone (a registry with
// no repository) is rejected, where Docker would read it as the Hub repository "localhost" with tag
// "5000". Nobody means the latter.

namespace pycontainer::ref {

namespace {

constexpr std::string_view k_default_registry = "docker.io";
constexpr std::string_view k_legacy_default_registry = "index.docker.io";
constexpr std::string_view k_docker_hub_api_host = "registry-1.docker.io";
constexpr std::string_view k_official_prefix = "library/";
constexpr std::string_view k_default_tag = "latest";
constexpr std::size_t k_max_name_length = 255;
constexpr std::size_t k_max_tag_length = 128;

[[noreturn]] void fail(std::string_view text, std::string_view rule)
{
  throw UsageError("invalid reference \"" + std::string(text) + "\": " + std::string(rule));
}

bool is_lower_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_alnum(char c)
{
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

bool is_word(char c)
{
  return is_alnum(c) || c == '_';
}

bool all_digits(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

bool is_lower_hex(std::string_view text)
{
  return std::all_of(text.begin(), text.end(), [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); });
}

// alpha-numeric [separator alpha-numeric]*, separator one of "." "_" "__" "-"+.
bool is_path_component(std::string_view component)
{
  std::size_t i = 0;
  while (i < component.size()) {
    if (!is_lower_alnum(component[i])) {
      return false;
    }
    while (i < component.size() && is_lower_alnum(component[i])) {
      ++i;
    }
    if (i == component.size()) {
      return true;
    }
    std::size_t separator_start = i;
    if (component[i] == '.') {
      ++i;
    } else if (component[i] == '_') {
      i += component.substr(i, 2) == "__" ? 2 : 1;
    } else if (component[i] == '-') {
      while (i < component.size() && component[i] == '-') {
        ++i;
      }
    } else {
      return false;
    }
    if (i == component.size() || i == separator_start) {
      return false; // a separator must be followed by alpha-numerics
    }
  }
  return false; // empty
}

bool is_domain_component(std::string_view component)
{
  return !component.empty() && is_alnum(component.front()) && is_alnum(component.back()) &&
         std::all_of(component.begin(), component.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

bool is_domain_name(std::string_view host)
{
  std::size_t start = 0;
  for (;;) {
    auto dot = host.find('.', start);
    if (!is_domain_component(host.substr(start, dot == std::string_view::npos ? dot : dot - start))) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

bool is_ipv6_literal(std::string_view host)
{
  return host.size() > 2 && host.front() == '[' && host.back() == ']' &&
         std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
           return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':';
         });
}

// Splits "host[:port]" and checks both parts; `domain` has no '/'.
bool is_domain(std::string_view domain)
{
  std::string_view host = domain;
  if (domain.starts_with('[')) {
    auto close = domain.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    host = domain.substr(0, close + 1);
    if (!is_ipv6_literal(host)) {
      return false;
    }
  } else {
    host = domain.substr(0, domain.find(':'));
    if (!is_domain_name(host)) {
      return false;
    }
  }
  if (host.size() == domain.size()) {
    return true;
  }
  return domain[host.size()] == ':' && all_digits(domain.substr(host.size() + 1));
}

bool looks_like_domain(std::string_view component)
{
  return component.find_first_of(".:") != std::string_view::npos || component == "localhost" ||
         component.starts_with('[');
}

// "localhost:5000", "registry.example.com:443", "[::1]:5000": what a user writes for a registry alone.
bool is_host_and_port(std::string_view host, std::string_view port)
{
  return all_digits(port) && (host == "localhost" || host.find('.') != std::string_view::npos || host.starts_with('['));
}

bool is_tag(std::string_view tag)
{
  return !tag.empty() && tag.size() <= k_max_tag_length && is_word(tag.front()) &&
         std::all_of(tag.begin(), tag.end(), [](char c) { return is_word(c) || c == '.' || c == '-'; });
}

void check_repository(std::string_view text, std::string_view repository)
{
  if (std::any_of(repository.begin(), repository.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    fail(text, "repository name must be lowercase");
  }
  std::size_t start = 0;
  for (;;) {
    auto slash = repository.find('/', start);
    auto component = repository.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (component.empty()) {
      fail(text, "empty path component in the repository name");
    }
    if (!is_path_component(component)) {
      fail(text, "invalid repository path component \"" + std::string(component) +
                   "\" (lowercase letters and digits, separated by '.', '_', '__' or '-')");
    }
    if (slash == std::string_view::npos) {
      return;
    }
    start = slash + 1;
  }
}

} // namespace

Reference Reference::parse(std::string_view text)
{
  if (text.empty()) {
    fail(text, "empty reference");
  }
  if (text.size() == 64 && is_lower_hex(text)) {
    fail(text, "a 64-digit hexadecimal string is an image ID, not a repository name");
  }

  Reference reference;
  std::string_view name = text;
  if (auto at = name.find('@'); at != std::string_view::npos) {
    auto digest = name.substr(at + 1);
    name = name.substr(0, at);
    try {
      reference.digest = oci::Digest::parse(digest).str();
    } catch (const UsageError& error) {
      fail(text, error.message());
    }
  }
  auto last_slash = name.rfind('/');
  auto last_colon = name.rfind(':');
  if (last_colon != std::string_view::npos && (last_slash == std::string_view::npos || last_colon > last_slash)) {
    auto tag = name.substr(last_colon + 1);
    name = name.substr(0, last_colon);
    if (tag.empty()) {
      fail(text, "empty tag after ':'");
    }
    if (!is_tag(tag)) {
      fail(text, "invalid tag \"" + std::string(tag) +
                   "\" (letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters)");
    }
    reference.tag = std::string(tag);
    if (last_slash == std::string_view::npos && is_host_and_port(name, tag)) {
      fail(text, "this names a registry but no repository (write " + std::string(text) + "/<name>)");
    }
  }
  if (name.empty()) {
    fail(text, "no repository name");
  }

  auto first_slash = name.find('/');
  std::string_view remainder = name;
  if (first_slash != std::string_view::npos && looks_like_domain(name.substr(0, first_slash))) {
    auto domain = name.substr(0, first_slash);
    if (!is_domain(domain)) {
      fail(text, "invalid registry \"" + std::string(domain) + "\" (host[:port])");
    }
    reference.registry = domain == k_legacy_default_registry ? std::string(k_default_registry) : std::string(domain);
    remainder = name.substr(first_slash + 1);
    if (remainder.empty()) {
      fail(text, "no repository name after the registry");
    }
  } else {
    reference.registry = std::string(k_default_registry);
  }
  check_repository(text, remainder);
  reference.repository = std::string(remainder);
  if (reference.registry == k_default_registry && remainder.find('/') == std::string_view::npos) {
    reference.repository.insert(0, k_official_prefix);
  }
  if (reference.name().size() > k_max_name_length) {
    fail(text, "name \"" + reference.name() + "\" is longer than " + std::to_string(k_max_name_length) +
                 " characters");
  }
  if (reference.tag.empty() && reference.digest.empty()) {
    reference.tag = std::string(k_default_tag);
  }
  return reference;
}

std::string Reference::name() const
{
  return registry + "/" + repository;
}

std::string Reference::str() const
{
  std::string text = name();
  if (!tag.empty()) {
    text += ":" + tag;
  }
  if (!digest.empty()) {
    text += "@" + digest;
  }
  return text;
}

std::string Reference::identifier() const
{
  return digest.empty() ? tag : digest;
}

std::string Reference::api_host() const
{
  return registry == k_default_registry ? std::string(k_docker_hub_api_host) : registry;
}

} // namespace pycontainer::ref
