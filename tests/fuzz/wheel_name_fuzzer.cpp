// Wheel file names (deps::parse_wheel_name, PEP 427 with compressed tag sets) and their rank for a
// target (deps::wheel_rank), as a lock's or an index's file names reach them.
#include "deps/wheel_tags.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  namespace deps = pycontainer::deps;
  static const auto supported = [] {
    deps::WheelTarget target;
    target.python_minor = 11;
    target.machine = "aarch64";
    return deps::supported_tags(target);
  }();
  auto wheel = deps::parse_wheel_name(pycontainer::fuzz::as_text(data, size));
  if (wheel) {
    deps::wheel_rank(*wheel, supported);
  }
  return 0;
}
