// gitignore-style globs (python::glob_match) of ignore files and CMake EXCLUDE patterns: the input is a
// pattern, a NUL, then a path.
#include "fuzz_support.hpp"
#include "python/ignore_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  auto input = pycontainer::fuzz::split_at_nul(pycontainer::fuzz::as_text(data, size));
  pycontainer::fuzz::expect_our_errors([&] { pycontainer::python::glob_match(input.first, input.second); });
  return 0;
}
