#include "remote/auth.hpp"

#include "remote/redact.hpp"
#include "remote/registry_error.hpp"
#include "remote/token_response.hpp"
#include "remote/url.hpp"
#include "util/format.hpp"
#include "util/log.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <thread>

namespace pycontainer::remote {

namespace {

constexpr std::size_t k_max_token_body = 1024 * 1024;

std::string join(const std::vector<std::string>& parts, std::string_view separator)
{
  std::string result;
  for (const auto& part : parts) {
    result += (result.empty() ? "" : std::string(separator)) + part;
  }
  return result;
}

const Challenge* pick(const std::vector<Challenge>& challenges)
{
  for (const auto& scheme : {"bearer", "basic"}) {
    auto found = std::find_if(challenges.begin(), challenges.end(), [&](const auto& c) { return c.scheme == scheme; });
    if (found != challenges.end()) {
      return &*found;
    }
  }
  return nullptr;
}

std::vector<Challenge> challenges_of(const Headers& headers)
{
  std::vector<Challenge> all;
  for (const auto& value : find_headers(headers, "Www-Authenticate")) {
    auto parsed = parse_www_authenticate(value);
    all.insert(all.end(), parsed.begin(), parsed.end());
  }
  return all;
}

} // namespace

std::string basic_authorization(const std::string& username, const std::string& password)
{
  return "Basic " + util::base64_encode(username + ":" + password);
}

std::optional<std::string> TokenCache::get(const std::string& key, Clock::time_point now) const
{
  auto found = m_entries.find(key);
  if (found == m_entries.end() || now >= found->second.use_until) {
    return std::nullopt;
  }
  return found->second.token;
}

void TokenCache::put(const std::string& key, std::string token, std::chrono::seconds lifetime, Clock::time_point now)
{
  auto margin = std::min<std::chrono::seconds>(std::chrono::seconds(30), lifetime / 10);
  m_entries[key] = Entry{std::move(token), now + lifetime - margin};
}

void TokenCache::invalidate(const std::string& key)
{
  m_entries.erase(key);
}

Authenticator::Authenticator(std::string registry, HttpTransport& transport, CredentialLoader load_credentials,
                             TokenEndpointSettings settings)
  : m_registry(std::move(registry)), m_transport(transport), m_load_credentials(std::move(load_credentials)),
    m_settings(std::move(settings))
{
}

const std::optional<Credentials>& Authenticator::credentials()
{
  if (!m_credentials_loaded) {
    m_credentials = m_load_credentials();
    m_credentials_loaded = true;
    log::verbose("registry " + m_registry + ": " +
                 (m_credentials ? "credentials from " + m_credentials->source : std::string("anonymous")));
  }
  return m_credentials;
}

std::string Authenticator::describe_credentials()
{
  std::lock_guard lock(m_mutex);
  if (!m_credentials_loaded) {
    return "no credentials used";
  }
  return m_credentials ? "credentials from " + m_credentials->source : "no credentials found (anonymous)";
}

void Authenticator::set_challenges(const Headers& response_headers)
{
  auto challenges = challenges_of(response_headers);
  std::lock_guard lock(m_mutex);
  if (const auto* chosen = pick(challenges)) {
    m_challenge = *chosen;
  }
}

std::string Authenticator::fetch_token(const Challenge& challenge, const std::vector<std::string>& scopes)
{
  const auto& found = credentials();
  if (found && !found->bearer_token.empty()) {
    return found->bearer_token;
  }
  auto realm = challenge.parameter("realm");
  if (realm.empty()) {
    throw RegistryError("registry " + m_registry + " asks for a bearer token but names no realm", "", 401, "", false);
  }
  auto realm_url = Url::parse(realm);
  bool insecure = m_settings.is_insecure && m_settings.is_insecure(realm_url.host);
  if (realm_url.scheme == "http" && found && !insecure && !is_loopback_host(realm_url.host)) {
    throw RegistryError("registry " + m_registry + ": refusing to send credentials to the plain-HTTP token realm " +
                          realm + " (name its host with --insecure-registry if this is intended)",
                        realm, 0, "", false);
  }
  HttpRequest request;
  request.max_body = k_max_token_body;
  request.verify_tls = !insecure;
  request.connection = m_settings.connection;
  auto service = challenge.parameter("service");
  if (found && !found->identity_token.empty()) {
    // OAuth2 refresh-token grant (Docker's token authentication with an identity token).
    request.method = "POST";
    request.url = realm;
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.body = "grant_type=refresh_token&client_id=pycontainer&refresh_token=" + util::percent_encode(found->identity_token);
    if (!service.empty()) {
      request.body += "&service=" + util::percent_encode(service);
    }
    for (const auto& scope : scopes) {
      request.body += "&scope=" + util::percent_encode(scope);
    }
  } else {
    request.url = realm;
    if (!service.empty()) {
      request.url = add_query(request.url, "service", service);
    }
    for (const auto& scope : scopes) {
      request.url = add_query(request.url, "scope", scope);
    }
    if (found && !found->username.empty()) {
      request.headers.emplace_back("Authorization", basic_authorization(found->username, found->password));
    }
  }
  std::string who = found ? "credentials from " + found->source : "anonymously";
  HttpResponse response;
  for (int attempt = 0;; ++attempt) {
    log::verbose(request.method + " " + redact_url(request.url) + " (token for " + join(scopes, " ") + ", " + who + ")");
    try {
      response = m_transport.perform(request);
    } catch (TransportError& error) {
      if (!error.temporary() || attempt >= m_settings.retry.retries) {
        error.add_context("registry " + m_registry + ": token request");
        throw;
      }
      std::this_thread::sleep_for(jittered_delay(m_settings.retry, attempt + 1));
      continue;
    }
    log::verbose("  -> " + std::to_string(response.status));
    if (is_retryable_status(response.status) && attempt < m_settings.retry.retries) {
      std::this_thread::sleep_for(jittered_delay(m_settings.retry, attempt + 1));
      continue;
    }
    break;
  }
  if (response.status == 401 || response.status == 403) {
    throw RegistryError("registry " + m_registry + ": authentication failed (HTTP " + std::to_string(response.status) +
                          " from the token service " + redact_url(realm) + ") with " + who +
                          (found ? "; check the user name and password or token" : "; log in or pass credentials"),
                        redact_url(realm), response.status, "UNAUTHORIZED", false);
  }
  if (response.status != 200) {
    throw RegistryError("registry " + m_registry + ": token service " + redact_url(realm) + " answered HTTP " +
                          std::to_string(response.status),
                        redact_url(realm), response.status, "", is_retryable_status(response.status));
  }
  TokenResponse answer;
  try {
    answer = parse_token_response(response.body);
  } catch (const UsageError& error) {
    throw RegistryError("registry " + m_registry + ": the token service " + redact_url(realm) +
                          " answered with a bad token response: " + error.message(),
                        redact_url(realm), response.status, "", false);
  }
  m_tokens.put(join(scopes, " "), answer.token, answer.lifetime, TokenCache::Clock::now());
  return answer.token;
}

std::string Authenticator::authorization(const std::vector<std::string>& scopes)
{
  std::lock_guard lock(m_mutex);
  if (!m_challenge) {
    return "";
  }
  if (m_challenge->scheme == "basic") {
    const auto& found = credentials();
    if (!found) {
      return "";
    }
    if (found->username.empty()) {
      throw RegistryError("registry " + m_registry + " asks for a user name and password (Basic), but the " +
                            found->source + " credentials are a token",
                          "", 401, "UNAUTHORIZED", false);
    }
    return basic_authorization(found->username, found->password);
  }
  auto key = join(scopes, " ");
  if (auto cached = m_tokens.get(key, TokenCache::Clock::now())) {
    return "Bearer " + *cached;
  }
  return "Bearer " + fetch_token(*m_challenge, scopes);
}

bool Authenticator::handle_unauthorized(const Headers& response_headers, std::vector<std::string>& scopes)
{
  auto challenges = challenges_of(response_headers);
  std::lock_guard lock(m_mutex);
  const auto* chosen = pick(challenges);
  bool had_challenge = m_challenge.has_value();
  if (chosen != nullptr) {
    m_challenge = *chosen;
  }
  if (!m_challenge) {
    return false;
  }
  if (m_challenge->scheme == "basic") {
    // First 401 teaches us the challenge; a second one means the credentials are wrong.
    return !had_challenge && credentials().has_value();
  }
  m_tokens.invalidate(join(scopes, " "));
  if (chosen != nullptr && chosen->parameter("error") == "insufficient_scope") {
    auto scope = chosen->parameter("scope");
    // Several scopes are separated by spaces.
    std::size_t start = 0;
    bool added = false;
    while (start < scope.size()) {
      auto end = scope.find(' ', start);
      auto one = scope.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!one.empty() && std::find(scopes.begin(), scopes.end(), one) == scopes.end()) {
        scopes.push_back(one);
        added = true;
      }
      start = end == std::string::npos ? scope.size() : end + 1;
    }
    return added || !had_challenge;
  }
  return true;
}

} // namespace pycontainer::remote
