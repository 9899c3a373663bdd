// Www-Authenticate headers of registry and token-server responses (remote::parse_www_authenticate).
#include "fuzz_support.hpp"
#include "remote/www_authenticate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors(
    [&] { pycontainer::remote::parse_www_authenticate(pycontainer::fuzz::as_text(data, size)); });
  return 0;
}
