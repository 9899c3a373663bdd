// Image manifests from registries and layouts (oci::Manifest::parse).
#include "fuzz_support.hpp"
#include "oci/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors(
    [&] { pycontainer::oci::Manifest::parse(pycontainer::fuzz::as_text(data, size), "manifest"); });
  return 0;
}
