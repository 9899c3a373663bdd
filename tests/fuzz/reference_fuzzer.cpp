// Image references (ref::Reference::parse): from the command line, pycontainer.toml and the CMake
// module. A reference that parses must print as text that parses back to it.
#include "fuzz_support.hpp"
#include "ref/reference.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using pycontainer::ref::Reference;
  pycontainer::fuzz::expect_our_errors([&] {
    Reference reference = Reference::parse(pycontainer::fuzz::as_text(data, size));
    Reference again = Reference::parse(reference.str());
    if (again.str() != reference.str() || again.name() != reference.name() ||
        again.identifier() != reference.identifier()) {
      std::abort();
    }
    reference.api_host();
  });
  return 0;
}
