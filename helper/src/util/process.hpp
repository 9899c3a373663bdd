#pragma once

#include <filesystem>
#include <string>
#include <vector>

// Running other programs: credential helpers and az (output captured), pip and a python compiling
// bytecode (output shown to the user).
namespace pycontainer::util {

struct ProcessResult {
  int exit_code = 0;   // 128 + signal number when killed by a signal
  std::string output;  // stdout
  std::string errors;  // stderr

  // What the program said, for messages: stdout then stderr without trailing newlines, at most 200
  // characters.
  std::string said() const;
};

// Runs `argv` (argv[0] looked up in PATH), writing `input` to its stdin. Throws IoError when the
// program cannot be started (not found, not executable).
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input);

// Runs `argv` (argv[0] looked up in PATH) in `directory` (empty: ours) with its stdout sent to our
// stderr, since our stdout carries results, and its stderr and stdin shared with ours. Returns its exit
// status (128 + signal number when killed), or -1 when it could not be started.
int run_attached(const std::vector<std::string>& argv, const std::filesystem::path& directory = {});

} // namespace pycontainer::util
