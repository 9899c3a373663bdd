#include "decompressor_fuzzer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  pycontainer::fuzz::fuzz_decompressor(pycontainer::oci::media_type::Compression::gzip, data, size);
  return 0;
}
