// Content descriptors (oci::Descriptor::from_json), with the platform of an index entry.
#include "fuzz_support.hpp"
#include "oci/descriptor.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  auto json = nlohmann::json::parse(pycontainer::fuzz::as_text(data, size), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return 0;
  }
  pycontainer::fuzz::expect_our_errors([&] { pycontainer::oci::Descriptor::from_json(json); });
  return 0;
}
