#pragma once

#include "deps/library_resolver.hpp"

#include <optional>
#include <string>
#include <utility>

namespace pycontainer::test {

inline constexpr std::uint16_t k_x86_64 = 62;

// A 64-bit x86-64 ELF object at `path` in the image with these search paths.
inline deps::LinkObject link_object(std::string path, std::optional<std::string> rpath = {},
                                    std::optional<std::string> runpath = {})
{
  deps::LinkObject result;
  result.path = std::move(path);
  result.elf.machine = k_x86_64;
  result.elf.is_64 = true;
  result.elf.rpath = std::move(rpath);
  result.elf.runpath = std::move(runpath);
  return result;
}

} // namespace pycontainer::test
