// apk databases of base images (deps::parse_apk_installed), for the SBOM.
#include "deps/system_packages.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors(
    [&] { pycontainer::deps::parse_apk_installed(pycontainer::fuzz::as_text(data, size)); });
  return 0;
}
