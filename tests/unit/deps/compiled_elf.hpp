#pragma once

#include "util/process.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace pycontainer::test {

// Compiles `source` (C++) with g++ into `output` with `flags` ("-shared", "-Wl,-soname,libx.so.1",
// "-L DIR -lx"), so that tests read ELF files the toolchain wrote rather than bytes of their own. The
// test fails when g++ does.
inline std::filesystem::path compile_elf(const std::filesystem::path& output, const std::string& source,
                                         const std::vector<std::string>& flags)
{
  std::filesystem::create_directories(output.parent_path());
  auto source_file = output.string() + ".cpp";
  std::ofstream(source_file) << source;
  std::vector<std::string> argv{"g++", "-fPIC", "-o", output.string(), source_file};
  argv.insert(argv.end(), flags.begin(), flags.end());
  auto result = util::run_process(argv, "");
  EXPECT_EQ(result.exit_code, 0) << result.said();
  std::filesystem::remove(source_file);
  return output;
}

} // namespace pycontainer::test
