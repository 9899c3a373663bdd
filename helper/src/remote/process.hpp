#pragma once

#include <string>
#include <vector>

namespace pycontainer::remote {

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

} // namespace pycontainer::remote
