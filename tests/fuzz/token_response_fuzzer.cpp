// Token services' answers (remote::parse_token_response), kept in a TokenCache as the Authenticator
// keeps them, so a lifetime that overflows the clock is found too.
#include "fuzz_support.hpp"
#include "remote/auth.hpp"
#include "remote/token_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors([&] {
    auto response = pycontainer::remote::parse_token_response(pycontainer::fuzz::as_text(data, size));
    pycontainer::remote::TokenCache cache;
    auto now = pycontainer::remote::TokenCache::Clock::now();
    cache.put("repository:app:pull", response.token, response.lifetime, now);
    if (cache.get("repository:app:pull", now) != response.token) {
      std::abort(); // a token is usable when it has just been received
    }
  });
  return 0;
}
