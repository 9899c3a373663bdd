// Image indexes and manifest lists from registries, and layouts' index.json (oci::Index::parse).
#include "fuzz_support.hpp"
#include "oci/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::expect_our_errors(
    [&] { pycontainer::oci::Index::parse(pycontainer::fuzz::as_text(data, size), "index"); });
  return 0;
}
