// os-release files of base images (deps::distro_of_os_release), naming the distribution in purls.
#include "deps/system_packages.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors(
    [&] { pycontainer::deps::distro_of_os_release(pycontainer::fuzz::as_text(data, size)); });
  return 0;
}
