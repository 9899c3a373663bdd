// PEP 508 environment markers (deps::marker_holds): the input is a marker, a NUL, and the Python
// version of the environment it is evaluated in (CPython on Linux, aarch64).
#include "deps/markers.hpp"
#include "fuzz_support.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  namespace deps = pycontainer::deps;
  // Not a structured binding: clang 14 cannot capture one in the lambda below.
  auto input = pycontainer::fuzz::split_at_nul(pycontainer::fuzz::as_text(data, size));
  std::string_view marker = input.first;
  auto environment = deps::linux_environment(input.second.empty() ? "3.11.2" : std::string(input.second), "aarch64");
  environment.extras.insert("security");
  environment.dependency_groups.insert("dev");
  pycontainer::fuzz::expect_our_errors([&] { deps::marker_holds(marker, environment); });
  return 0;
}
