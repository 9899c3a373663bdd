#pragma once

#include "remote/auth.hpp"
#include "remote/http.hpp"
#include "remote/http_exchange.hpp"
#include "remote/registry_error.hpp"
#include "remote/registry_options.hpp"

#include <mutex>
#include <string>
#include <vector>

namespace pycontainer::remote {

// One registry host, shared by every repository and thread of a command. Decides the scheme on first
// use (GET /v2/: https; plain http only for --insecure-registry hosts and loopback hosts, which are
// asked over http first), and sends
// requests with authentication, retries (exponential backoff with jitter, Retry-After honoured) and
// redirects (Authorization never forwarded to another host; https -> http refused).
class Registry {
public:
  Registry(std::string name, const RegistryOptions& options, HttpTransport& transport);

  const std::string& name() const { return m_name; } // as in references: "docker.io", "127.0.0.1:5000"
  std::string base_url();                             // "https://registry-1.docker.io"
  const RegistryOptions& options() const { return m_options; }

  // Sends `request` (its URL absolute) for an operation needing `scopes`; throws RegistryError when
  // retries are exhausted (naming what was tried) or authentication fails.
  HttpResponse send(HttpRequest request, std::vector<std::string> scopes, const SendOptions& options = {});

  // An error for an unexpected response: "PUT <url>: HTTP 400 DIGEST_INVALID: digest did not match".
  RegistryError error(const HttpRequest& request, const HttpResponse& response, const std::string& what);

private:
  bool is_insecure(const std::string& host) const;

  std::string m_name;
  std::string m_api_host;
  RegistryOptions m_options;
  ConnectionSettings m_connection;
  HttpTransport& m_transport;
  Authenticator m_auth;
  std::mutex m_mutex;
  std::string m_base_url;
};

} // namespace pycontainer::remote
