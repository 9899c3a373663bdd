#include "remote/http_exchange.hpp"

#include "remote/redact.hpp"
#include "util/log.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <thread>

namespace pycontainer::remote {

namespace {

bool is_redirect(int status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

void log_request(const HttpRequest& request)
{
  if (log::level() != log::Level::verbose) {
    return;
  }
  std::string line = request.method + " " + redact_url(request.url);
  for (const auto& [name, value] : request.headers) {
    line += "\n  " + name + ": " + redact_header(name, value);
  }
  log::verbose(line);
}

void log_response(const HttpResponse& response)
{
  if (log::level() != log::Level::verbose) {
    return;
  }
  std::string line = "  -> HTTP " + std::to_string(response.status);
  for (const auto& [name, value] : response.headers) {
    auto lowered = util::to_lower(name);
    if (lowered == "location" || lowered == "docker-content-digest" || lowered == "range" ||
        lowered == "www-authenticate" || lowered == "retry-after" || lowered == "content-type") {
      line += "\n     " + name + ": " + redact_header(name, value);
    }
  }
  log::verbose(line);
}

HttpResponse send_with_retries(HttpTransport& transport, HttpRequest request, const RetryPolicy& policy,
                               const SendOptions& options, const ExchangeHooks& hooks)
{
  int attempt = 0;
  int redirects = 0;
  std::vector<std::string> tried;
  auto give_up = [&](const std::string& last) {
    std::string all;
    for (const auto& t : tried) {
      all += t + ", ";
    }
    return "gave up after " + std::to_string(attempt + 1) + " attempts (" + all + last + ")";
  };
  for (;;) {
    HttpRequest hop = request;
    auto url = Url::parse(hop.url);
    if (hooks.prepare) {
      hooks.prepare(hop, url);
    }
    log_request(hop);
    HttpResponse response;
    try {
      response = transport.perform(hop);
    } catch (TransportError& error) {
      if (!error.temporary() || !options.retry_transport || attempt >= policy.retries) {
        if (attempt > 0) {
          error.add_context(give_up("connection failure"));
        }
        throw;
      }
      log::verbose("  -> " + error.message() + "; retrying");
      tried.push_back("connection failure");
      ++attempt;
      std::this_thread::sleep_for(jittered_delay(policy, attempt));
      continue;
    }
    log_response(response);
    if (response.status == 401 && hooks.unauthorized && hooks.unauthorized(hop, response)) {
      continue;
    }
    if (is_redirect(response.status) && options.follow_redirects) {
      auto location = find_header(response.headers, "Location");
      if (!location || ++redirects > 10) {
        throw hooks.error(hop, response, location ? "too many redirects" : "redirect without a Location");
      }
      auto target = resolve_location(hop.url, *location);
      if (url.scheme == "https" && Url::parse(target).scheme == "http") {
        throw RegistryError(hop.method + " " + redact_url(hop.url) + ": refusing a redirect from https to plain http (" +
                              redact_url(target) + ")",
                            redact_url(hop.url), response.status, "", false);
      }
      request.url = target;
      if (hooks.redirected) {
        hooks.redirected(target);
      }
      if (response.status == 303) {
        request.method = "GET";
        request.body.clear();
        request.body_file.clear();
      }
      continue;
    }
    if (is_retryable_status(response.status)) {
      std::chrono::milliseconds delay = jittered_delay(policy, attempt + 1);
      if (auto retry_after = find_header(response.headers, "Retry-After")) {
        if (auto parsed = parse_retry_after(*retry_after, std::chrono::system_clock::now())) {
          if (*parsed > policy.max_retry_after) {
            throw hooks.error(hop, response, "the server asks to retry after " + *retry_after + ", too long");
          }
          delay = std::max(delay, *parsed);
        }
      }
      if (attempt >= policy.retries) {
        throw hooks.error(hop, response, give_up("HTTP " + std::to_string(response.status)));
      }
      tried.push_back("HTTP " + std::to_string(response.status));
      ++attempt;
      log::verbose("  retrying in " + std::to_string(delay.count()) + " ms");
      std::this_thread::sleep_for(delay);
      continue;
    }
    return response;
  }
}

} // namespace pycontainer::remote
