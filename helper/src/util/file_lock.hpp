#pragma once

#include "util/fd.hpp"

#include <filesystem>

namespace pycontainer::util {

enum class LockMode { shared, exclusive };

// An advisory flock(2) lock on a file, which is created (0644) if missing. The lock belongs to this
// object's open file description, so two FileLocks on one path exclude each other even in one process,
// and the kernel releases it when the descriptor closes, also when the process dies: a killed build
// never leaves a stale lock. Waits are retried on EINTR.
class FileLock {
public:
  // Opens `path`; holds no lock yet.
  explicit FileLock(std::filesystem::path path);
  // Opens `path` and waits for the lock in `mode`.
  FileLock(std::filesystem::path path, LockMode mode);

  // Waits for the lock in `mode`. Changing the mode of a held lock is not atomic (flock(2)): another
  // process may take the lock in between.
  void lock(LockMode mode);
  // Takes the lock in `mode` unless another holds a conflicting one (then false, and no lock is held:
  // a held lock whose change fails may be lost, so unlock() first to keep the outcome clear).
  bool try_lock(LockMode mode);
  void unlock();

  const std::filesystem::path& path() const { return m_path; }

private:
  bool flock(int operation);

  std::filesystem::path m_path;
  Fd m_fd;
};

} // namespace pycontainer::util
