#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace pycontainer::remote {

// The longest a token is kept, whatever its expires_in says: a day.
inline constexpr std::chrono::seconds k_max_token_lifetime{24 * 60 * 60};

// A token service's answer (Docker's token authentication, or OAuth2 for the refresh-token grant).
struct TokenResponse {
  std::string token;
  std::chrono::seconds lifetime{60};
};

// {"token": "..", "access_token": "..", "expires_in": seconds, ...}: the first non-empty of token and
// access_token; expires_in defaults to 60 s (as the specification says, also for 0 or less) and is
// capped at k_max_token_lifetime. UsageError "<field>: expected a string, got 5", "not a JSON object"
// or "no token".
TokenResponse parse_token_response(std::string_view body);

} // namespace pycontainer::remote
