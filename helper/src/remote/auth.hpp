#pragma once

#include "remote/credentials.hpp"
#include "remote/http.hpp"
#include "remote/retry.hpp"
#include "remote/www_authenticate.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::remote {

// Bearer tokens by scope set. A token is used until shortly before it expires: the last tenth of
// its lifetime (at most 30 s) is left as margin for clock skew and slow requests.
class TokenCache {
public:
  using Clock = std::chrono::steady_clock;

  std::optional<std::string> get(const std::string& key, Clock::time_point now) const;
  void put(const std::string& key, std::string token, std::chrono::seconds lifetime, Clock::time_point now);
  void invalidate(const std::string& key);

private:
  struct Entry {
    std::string token;
    Clock::time_point use_until;
  };
  std::map<std::string, Entry> m_entries;
};

// How to reach a token realm: as the registry, with TLS relaxed for its host when insecure.
struct TokenEndpointSettings {
  ConnectionSettings connection;
  std::function<bool(const std::string& host)> is_insecure; // plain HTTP / unverified TLS allowed
  RetryPolicy retry;
};

// Authentication with one registry, shared by every request to it (thread-safe). Learns the
// challenge from a 401, loads credentials lazily (so anonymous registries never run helpers), and
// answers each request with the right Authorization value:
//   Basic  -> base64(user:password);
//   Bearer -> a token from the realm for the request's scopes (GET with Basic credentials or
//             anonymously; POST grant_type=refresh_token for an identity token; REGISTRY_TOKEN as is).
class Authenticator {
public:
  using CredentialLoader = std::function<std::optional<Credentials>()>;

  Authenticator(std::string registry, HttpTransport& transport, CredentialLoader load_credentials,
                TokenEndpointSettings settings);

  // Remembers the challenges of a 401 response (from the ping or any request).
  void set_challenges(const Headers& response_headers);
  // The Authorization header value for `scopes` ("" when anonymous or no challenge is known).
  std::string authorization(const std::vector<std::string>& scopes);
  // After a 401 to a request made with `scopes`: refreshes the token (re-requested once more with a
  // wider scope on insufficient_scope, which is added to `scopes`). False when trying again cannot help.
  bool handle_unauthorized(const Headers& response_headers, std::vector<std::string>& scopes);
  // "credentials from REGISTRY_TOKEN", "no credentials found (anonymous)": for error messages.
  std::string describe_credentials();

private:
  const std::optional<Credentials>& credentials(); // m_mutex held
  std::string fetch_token(const Challenge& challenge, const std::vector<std::string>& scopes); // m_mutex held

  std::string m_registry;
  HttpTransport& m_transport;
  CredentialLoader m_load_credentials;
  TokenEndpointSettings m_settings;
  std::mutex m_mutex;
  std::optional<Challenge> m_challenge;
  bool m_credentials_loaded = false;
  std::optional<Credentials> m_credentials;
  TokenCache m_tokens;
};

// "Basic " + base64(user:password).
std::string basic_authorization(const std::string& username, const std::string& password);

} // namespace pycontainer::remote
