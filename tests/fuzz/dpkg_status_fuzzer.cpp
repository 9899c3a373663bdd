// dpkg status files of base images (deps::parse_dpkg_status), for the SBOM.
#include "deps/system_packages.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors(
    [&] { pycontainer::deps::parse_dpkg_status(pycontainer::fuzz::as_text(data, size)); });
  return 0;
}
