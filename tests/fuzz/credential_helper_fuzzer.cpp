// What a docker-credential-<helper> prints for `get` (remote::parse_credential_helper_output).
#include "fuzz_support.hpp"
#include "remote/credential_helper.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors(
    [&] { pycontainer::remote::parse_credential_helper_output(pycontainer::fuzz::as_text(data, size)); });
  return 0;
}
