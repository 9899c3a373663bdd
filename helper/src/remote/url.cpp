#include "remote/url.hpp"

#include "util/format.hpp"

#include "remote/registry_error.hpp"
#include "util/string.hpp"

#include <cctype>
#include <cstdio>

namespace pycontainer::remote {

namespace {

// Removes "." and ".." segments (RFC 3986 section 5.2.4).
std::string remove_dot_segments(std::string_view path)
{
  std::string output;
  std::size_t position = 0;
  while (position < path.size()) {
    auto next = path.find('/', position + 1);
    std::string_view segment = path.substr(position, next == std::string_view::npos ? std::string_view::npos : next - position);
    if (segment == "/.") {
      if (next == std::string_view::npos) {
        output += '/';
      }
    } else if (segment == "/..") {
      auto slash = output.rfind('/');
      output.erase(slash == std::string::npos ? 0 : slash);
      if (next == std::string_view::npos) {
        output += '/';
      }
    } else {
      output += segment;
    }
    position = next == std::string_view::npos ? path.size() : next;
  }
  return output;
}

} // namespace

Url Url::parse(std::string_view text)
{
  auto separator = text.find("://");
  if (separator == std::string_view::npos) {
    throw RegistryError("not an absolute URL: \"" + std::string(text) + "\"", std::string(text), 0, "", false);
  }
  Url url;
  url.scheme = util::to_lower(text.substr(0, separator));
  if (url.scheme != "http" && url.scheme != "https") {
    throw RegistryError("unsupported URL scheme \"" + url.scheme + "\" in \"" + std::string(text) + "\"",
                        std::string(text), 0, "", false);
  }
  auto rest = text.substr(separator + 3);
  auto end = rest.find_first_of("/?#");
  url.host = std::string(rest.substr(0, end));
  url.target = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
  if (auto hash = url.target.find('#'); hash != std::string::npos) {
    url.target.erase(hash);
  }
  if (url.target.starts_with("?")) {
    url.target.insert(0, "/");
  }
  if (url.host.empty()) {
    throw RegistryError("URL without a host: \"" + std::string(text) + "\"", std::string(text), 0, "", false);
  }
  return url;
}

std::string resolve_location(std::string_view base_url, std::string_view location)
{
  if (location.find("://") != std::string_view::npos &&
      location.find("://") < location.find_first_of("/?")) {
    return Url::parse(location).str();
  }
  auto base = Url::parse(base_url);
  if (location.starts_with("//")) {
    return Url::parse(base.scheme + ":" + std::string(location)).str();
  }
  auto query = base.target.find('?');
  std::string base_path = base.target.substr(0, query);
  if (location.empty()) {
    return base.str();
  }
  if (location.starts_with("?")) {
    return base.scheme + "://" + base.host + base_path + std::string(location);
  }
  std::string target(location);
  if (!target.starts_with("/")) {
    target = base_path.substr(0, base_path.rfind('/') + 1) + target;
  }
  auto location_query = target.find('?');
  std::string path = remove_dot_segments(target.substr(0, location_query));
  return base.scheme + "://" + base.host + path + (location_query == std::string::npos ? "" : target.substr(location_query));
}

std::string add_query(std::string_view url, std::string_view name, std::string_view value)
{
  std::string result(url);
  if (result.find('?') == std::string::npos) {
    result += '?';
  } else if (result.back() != '?' && result.back() != '&') {
    result += '&';
  }
  return result + std::string(name) + "=" + util::percent_encode(value);
}

bool is_loopback_host(std::string_view host)
{
  std::string name;
  if (host.starts_with("[")) {
    name = std::string(host.substr(1, host.find(']') - 1));
  } else {
    name = std::string(host.substr(0, host.find(':')));
  }
  name = util::to_lower(name);
  if (name == "localhost" || name == "::1") {
    return true;
  }
  if (!name.starts_with("127.")) {
    return false;
  }
  int dots = 0;
  for (char c : name) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

} // namespace pycontainer::remote
