// Retry-After headers of registry responses (remote::parse_retry_after): delay-seconds or an HTTP date,
// taken relative to a fixed now and to the epoch.
#include "fuzz_support.hpp"
#include "remote/retry.hpp"

#include <chrono>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace std::chrono;
  auto text = pycontainer::fuzz::as_text(data, size);
  for (auto now : {system_clock::time_point{}, system_clock::time_point{seconds(1'796'000'000)}}) { // 2026
    pycontainer::fuzz::expect_our_errors([&] {
      auto delay = pycontainer::remote::parse_retry_after(text, now);
      if (delay && *delay < milliseconds(0)) {
        std::abort();
      }
    });
  }
  return 0;
}
