#include "remote/registry.hpp"

#include "remote/connect_to.hpp"
#include "remote/http_exchange.hpp"
#include "remote/redact.hpp"
#include "remote/registry_error.hpp"
#include "remote/url.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/string.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

namespace pycontainer::remote {

namespace {

std::string api_host_of(const std::string& registry)
{
  return registry == "docker.io" || registry == "index.docker.io" ? "registry-1.docker.io" : registry;
}

// The first OCI error of a registry's error body: {"errors":[{"code":"..","message":".."}]}.
std::pair<std::string, std::string> oci_error(const std::string& body)
{
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("errors") && json["errors"].is_array() && !json["errors"].empty()) {
    const auto& first = json["errors"][0];
    if (first.is_object()) {
      std::string code = first.contains("code") && first["code"].is_string() ? first["code"].get<std::string>() : "";
      std::string message =
        first.contains("message") && first["message"].is_string() ? first["message"].get<std::string>() : "";
      return {code, message};
    }
  }
  return {};
}

// The CA file of --ca-file, else $SSL_CERT_FILE.
std::string trusted_ca_file(const RegistryOptions& options)
{
  std::string file = options.ca_file;
  std::string source = "--ca-file";
  if (file.empty()) {
    const char* variable = std::getenv("SSL_CERT_FILE");
    if (variable == nullptr || *variable == '\0') {
      return "";
    }
    file = variable;
    source = "SSL_CERT_FILE";
  }
  if (!std::filesystem::is_regular_file(file)) {
    throw UsageError("CA file '" + file + "' (" + source + ") does not exist");
  }
  return file;
}

} // namespace

ConnectionSettings connection_settings(const RegistryOptions& options)
{
  for (const auto& rule : options.connect_to) {
    check_connect_to(rule);
  }
  return ConnectionSettings{trusted_ca_file(options), options.connect_to, options.request_timeout};
}

Registry::Registry(std::string name, const RegistryOptions& options, HttpTransport& transport)
  : m_name(std::move(name)), m_api_host(api_host_of(m_name)), m_options(options),
    m_connection(connection_settings(options)), m_transport(transport),
    m_auth(m_name, transport,
           [this] {
             CredentialSources sources;
             sources.username = m_options.username;
             sources.password = m_options.password;
             return find_credentials(m_name, sources);
           },
           TokenEndpointSettings{m_connection, [this](const std::string& host) { return is_insecure(host); },
                                 options.retry})
{
}

bool Registry::is_insecure(const std::string& host) const
{
  return std::find(m_options.insecure_registries.begin(), m_options.insecure_registries.end(), host) !=
           m_options.insecure_registries.end() ||
         (host == m_api_host && std::find(m_options.insecure_registries.begin(), m_options.insecure_registries.end(),
                                          m_name) != m_options.insecure_registries.end());
}

std::string Registry::base_url()
{
  std::lock_guard lock(m_mutex);
  if (!m_base_url.empty()) {
    return m_base_url;
  }
  bool loopback = is_loopback_host(m_api_host);
  bool plain_allowed = loopback || is_insecure(m_api_host);
  HttpRequest ping;
  ping.verify_tls = !is_insecure(m_api_host);
  ping.connection = m_connection;
  ping.max_body = 64 * 1024;
  auto ping_with = [&](const char* scheme) {
    ping.url = std::string(scheme) + "://" + m_api_host + "/v2/";
    log_request(ping);
    return m_transport.perform(ping);
  };
  for (int attempt = 0;; ++attempt) {
    try {
      std::optional<HttpResponse> response;
      std::string scheme = "http";
      // A registry on loopback is usually plain HTTP (a local registry:2), so it is asked over http
      // first, as go-containerregistry (ko, crane) does: that spares a TLS attempt and loading the
      // system's CA bundle, 30 of the 80 ms a re-push took. A TLS server answers plain HTTP with 400
      // (Go's and nginx's "HTTP request to an HTTPS port") or drops it: then https, verified as ever.
      if (loopback) {
        try {
          if (response = ping_with("http"); response->status == 400) {
            response.reset();
          }
        } catch (const TransportError&) {
          // not plain HTTP, or not up: https says which
        }
      }
      if (!response) {
        scheme = "https";
        try {
          response = ping_with("https");
        } catch (const TransportError& error) {
          if (!plain_allowed || loopback || error.kind() != TransportError::Kind::tls_handshake) {
            throw;
          }
          scheme = "http";
          response = ping_with("http");
        }
      }
      log_response(*response);
      if (response->status == 401) {
        m_auth.set_challenges(response->headers);
      } else if (is_retryable_status(response->status) && attempt < m_options.retry.retries) {
        std::this_thread::sleep_for(jittered_delay(m_options.retry, attempt + 1));
        continue;
      }
      m_base_url = scheme + "://" + m_api_host;
      return m_base_url;
    } catch (TransportError& error) {
      if (error.kind() == TransportError::Kind::tls_verify) {
        error.add_context("registry " + m_name + ": the TLS certificate is not trusted (pass its CA with --ca-file or "
                          "SSL_CERT_FILE, or name the host with --insecure-registry)");
        throw;
      }
      if (!error.temporary() || attempt >= m_options.retry.retries) {
        error.add_context("cannot reach registry " + m_name + " (" + std::to_string(attempt + 1) + " attempts)");
        throw;
      }
      std::this_thread::sleep_for(jittered_delay(m_options.retry, attempt + 1));
    }
  }
}

RegistryError Registry::error(const HttpRequest& request, const HttpResponse& response, const std::string& what)
{
  auto [code, message] = oci_error(response.body);
  std::string text = what + ": " + request.method + " " + redact_url(request.url) + ": HTTP " +
                     std::to_string(response.status) + (code.empty() ? "" : " " + code) +
                     (message.empty() ? "" : ": " + message);
  if (response.status == 401 || response.status == 403) {
    text += " (registry " + m_name + ", " + m_auth.describe_credentials() + ")";
  }
  return RegistryError(text, redact_url(request.url), response.status, code, is_retryable_status(response.status));
}

HttpResponse Registry::send(HttpRequest request, std::vector<std::string> scopes, const SendOptions& options)
{
  base_url();
  int auth_attempts = 0;
  ExchangeHooks hooks;
  hooks.prepare = [&](HttpRequest& hop, const Url& url) {
    hop.verify_tls = !is_insecure(url.host);
    hop.connection = m_connection;
    if (url.host == m_api_host) {
      if (auto authorization = m_auth.authorization(scopes); !authorization.empty()) {
        hop.headers.emplace_back("Authorization", authorization);
      }
    }
  };
  hooks.unauthorized = [&](const HttpRequest& hop, const HttpResponse& response) {
    if (Url::parse(hop.url).host != m_api_host) {
      return false;
    }
    if (auth_attempts < 2 && m_auth.handle_unauthorized(response.headers, scopes)) {
      ++auth_attempts;
      return true;
    }
    throw error(hop, response, "registry " + m_name + " refused authentication");
  };
  hooks.error = [this](const HttpRequest& hop, const HttpResponse& response, const std::string& what) {
    return error(hop, response, what);
  };
  return send_with_retries(m_transport, std::move(request), m_options.retry, options, hooks);
}

} // namespace pycontainer::remote
