// Lock files (deps::read_lock_file), then what a build takes of them (deps::choose_packages for CPython
// 3.11 on x86_64 glibc, with an extra and a group asked for). The first byte chooses the format by the
// file's name; for poetry.lock the input is the lock, a NUL, and the pyproject.toml beside it.
#include "deps/lock_file.hpp"
#include "deps/lock_selection.hpp"
#include "deps/markers.hpp"
#include "deps/wheel_tags.hpp"
#include "fuzz_support.hpp"

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  namespace fuzz = pycontainer::fuzz;
  namespace deps = pycontainer::deps;
  static const std::array<fuzz::ScratchFile, 6> files{fuzz::ScratchFile("uv.lock"), fuzz::ScratchFile("poetry.lock"),
                                                      fuzz::ScratchFile("pdm.lock"), fuzz::ScratchFile("Pipfile.lock"),
                                                      fuzz::ScratchFile("pylock.toml"),
                                                      fuzz::ScratchFile("requirements.txt")};
  if (size == 0) {
    return 0;
  }
  const auto& file = files[data[0] % files.size()];
  auto [lock_text, pyproject_text] = fuzz::split_at_nul(fuzz::as_text(data + 1, size - 1));
  const auto& path = file.write(lock_text);
  file.write_beside("pyproject.toml", pyproject_text);
  fuzz::expect_our_errors([&] {
    auto lock = deps::read_lock_file(path);
    deps::WheelTarget target;
    target.python_minor = 11;
    target.machine = "x86_64";
    target.libc_version = std::pair{2, 36};
    deps::choose_packages(lock, deps::linux_environment("3.11.2", "x86_64"), target, {{"extra"}, {"dev"}});
  });
  return 0;
}
