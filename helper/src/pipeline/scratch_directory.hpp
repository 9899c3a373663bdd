#pragma once

#include <filesystem>

namespace pycontainer::pipeline {

// A scratch directory in $TMPDIR, pycontainer-work-<pid>-XXXXXX, removed when it goes out of scope however
// the step ends. A process killed outright (kill -9, OOM) cannot remove its own, so each new one first
// removes those of processes that no longer exist (a pid reused since is taken as alive: its directory
// stays until that process ends too).
class ScratchDirectory {
public:
  ScratchDirectory();
  ~ScratchDirectory();
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

} // namespace pycontainer::pipeline
