// pycontainer.toml (project::load_config_file).
#include "fuzz_support.hpp"
#include "project/config_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const pycontainer::fuzz::ScratchFile file("pycontainer.toml");
  pycontainer::fuzz::expect_our_errors(
    [&] { pycontainer::project::load_config_file(file.write(pycontainer::fuzz::as_text(data, size))); });
  return 0;
}
