// PEP 440 versions and specifiers (python::Version, python::parse_specifiers): the input is a version,
// a NUL, and a specifier list. Besides not crashing, a version's normalised form must read back as an
// equal version with the same form, and compare equal to itself.
#include "fuzz_support.hpp"
#include "python/pep440.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  namespace python = pycontainer::python;
  auto [version_text, specifiers_text] = pycontainer::fuzz::split_at_nul(pycontainer::fuzz::as_text(data, size));
  auto version = python::Version::parse(version_text);
  if (version) {
    auto normalised = python::Version::parse(version->str());
    if (!normalised || !(*normalised == *version) || normalised->str() != version->str() || *version < *version) {
      std::abort();
    }
  }
  auto specifiers = python::parse_specifiers(specifiers_text);
  if (specifiers && version) {
    python::admits_all(*specifiers, *version);
    for (const auto& specifier : *specifiers) {
      specifier.admits_text(version_text);
    }
  }
  return 0;
}
