// ELF files of the dependencies (deps::read_elf): the binary check reads every file of site-packages.
#include "deps/elf.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const pycontainer::fuzz::ScratchFile file("module.so");
  pycontainer::fuzz::expect_our_errors([&] {
    auto elf = pycontainer::deps::read_elf(file.write(pycontainer::fuzz::as_text(data, size)));
    if (elf) {
      pycontainer::deps::elf_architecture(*elf);
      elf->libc();
    }
  });
  return 0;
}
