#pragma once

#include <string>
#include <string_view>

namespace pycontainer::remote {

// The parts of an absolute http(s) URL that the registry protocol cares about.
struct Url {
  std::string scheme; // "http" or "https"
  std::string host;   // with the port when there is one: "127.0.0.1:5000"
  std::string target; // path and query: "/v2/a/blobs/uploads/x?_state=y"

  // Throws RegistryError for anything but an absolute http(s) URL.
  static Url parse(std::string_view text);
  std::string str() const { return scheme + "://" + host + target; }
};

// Resolves a Location header against the URL of the request it answered (RFC 3986 section 5):
// absolute ("https://h/p"), network-path ("//h/p"), root-relative ("/v2/..."), path-relative
// ("uploads/x") and query-only ("?a=b").
std::string resolve_location(std::string_view base_url, std::string_view location);

// Adds "name=value" to the query of `url` with '?' or '&' as needed (value percent-encoded).
std::string add_query(std::string_view url, std::string_view name, std::string_view value);

// Whether `host` (with or without a port) is a loopback host: localhost, 127.0.0.0/8, ::1.
bool is_loopback_host(std::string_view host);

} // namespace pycontainer::remote
