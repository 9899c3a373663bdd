#include "remote/retry.hpp"

#include "util/string.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <random>
#include <string>

namespace pycontainer::remote {

bool is_retryable_status(int status)
{
  return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double random)
{
  double delay = static_cast<double>(policy.base_delay.count());
  for (int i = 1; i < attempt && delay < static_cast<double>(policy.max_delay.count()); ++i) {
    delay *= 2;
  }
  delay = std::min(delay, static_cast<double>(policy.max_delay.count()));
  return std::chrono::milliseconds(static_cast<long long>(delay / 2 + delay / 2 * std::clamp(random, 0.0, 1.0)));
}

std::chrono::milliseconds jittered_delay(const RetryPolicy& policy, int attempt)
{
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return backoff_delay(policy, attempt, std::uniform_real_distribution<double>(0.0, 1.0)(generator));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now)
{
  value = util::trim(value);
  if (value.empty()) {
    return std::nullopt;
  }
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) {
      return std::nullopt;
    }
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  std::string text(value);
  std::tm parts{};
  const char* end = nullptr;
  for (const char* format : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %d %H:%M:%S %Y"}) {
    parts = std::tm{};
    end = strptime(text.c_str(), format, &parts);
    if (end != nullptr && *end == '\0') {
      break;
    }
    end = nullptr;
  }
  if (end == nullptr) {
    return std::nullopt;
  }
  // In seconds, not as a system_clock time point: its nanoseconds overflow after 2262 (strptime's %Y
  // stops at 9999, so milliseconds do not).
  std::int64_t when = timegm(&parts);
  auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  if (when <= std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count()) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::milliseconds(when * 1000) - since_epoch;
}

} // namespace pycontainer::remote
