#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace pycontainer::remote {

// When and how long to wait before trying a request again. Retried: connection resets, EOF,
// timeouts, 408, 429 and 5xx; never 400/404 or other 4xx, nor a body that cannot be sent again.
struct RetryPolicy {
  int retries = 5; // attempts after the first
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{30000};
  std::chrono::milliseconds max_retry_after{120000}; // a longer Retry-After gives up instead
};

bool is_retryable_status(int status);

// The delay before retry number `attempt` (1 for the first retry): exponential, capped, with "equal
// jitter" (half fixed, half random; `random` in [0, 1)) so that parallel clients spread out.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double random);

// Parses a Retry-After value: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00
// GMT", also the obsolete RFC 850 and asctime forms), relative to `now`. nullopt when malformed;
// a date in the past gives zero.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now);

// backoff_delay with a random number from a per-thread generator.
std::chrono::milliseconds jittered_delay(const RetryPolicy& policy, int attempt);

} // namespace pycontainer::remote
