#pragma once

#include "remote/http.hpp"
#include "remote/registry_error.hpp"
#include "remote/retry.hpp"
#include "remote/url.hpp"

#include <functional>
#include <string>

namespace pycontainer::remote {

struct SendOptions {
  // Retry after a connection failure (safe when the request has no streamed side effects).
  bool retry_transport = true;
  bool follow_redirects = true;
};

// What one client (a registry, a package index) adds to the generic exchange of send_with_retries.
struct ExchangeHooks {
  // Sets what depends on the host a hop goes to: Authorization (only for the host it belongs to),
  // verify_tls, the connection settings.
  std::function<void(HttpRequest& hop, const Url& url)> prepare;
  // A 401 to `hop`: true sends it again (new credentials were found); false returns the 401 to the caller.
  // Unset: the 401 is returned.
  std::function<bool(const HttpRequest& hop, const HttpResponse& response)> unauthorized;
  // Told each URL a redirect leads to (a page's links are relative to where it was found). Optional.
  std::function<void(const std::string& url)> redirected;
  // The error for a response that ends the exchange ("too many redirects", retries exhausted).
  std::function<RegistryError(const HttpRequest& hop, const HttpResponse& response, const std::string& what)> error;
};

// Sends `request` through `transport`: transport failures and 408/429/5xx retried by `policy`
// (exponential backoff with jitter, Retry-After honoured), redirects followed (at most 10; https ->
// http refused; 303 turns into GET). Every hop is logged with --verbose, secrets redacted.
HttpResponse send_with_retries(HttpTransport& transport, HttpRequest request, const RetryPolicy& policy,
                               const SendOptions& options, const ExchangeHooks& hooks);

// --verbose lines for a request and its response (secrets redacted).
void log_request(const HttpRequest& request);
void log_response(const HttpResponse& response);

} // namespace pycontainer::remote
