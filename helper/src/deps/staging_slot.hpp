#pragma once

#include "util/file_lock.hpp"

#include <filesystem>
#include <string_view>

namespace pycontainer::deps {

// A build's own directory to install into, inside a staging directory (<cache>/deps/<key>): builds
// sharing a set install side by side, the first to finish renames its directory into place, and a
// later one removes its own and takes that. While its directory exists, a build holds
// <staging>/install.lock shared; one that gets it exclusive knows nobody is installing, and removes
// what killed builds left.
class StagingSlot {
public:
  explicit StagingSlot(const std::filesystem::path& staging);
  ~StagingSlot();
  StagingSlot(const StagingSlot&) = delete;
  StagingSlot& operator=(const StagingSlot&) = delete;

  const std::filesystem::path& directory() const { return m_directory; }

  // Renames the directory to `final`; false when another build's is there already (ours is removed).
  bool commit(const std::filesystem::path& final);

private:
  // Also the fixed name of older versions, so that their leftovers go too.
  static constexpr std::string_view k_partial_prefix = "site-packages.partial";

  util::FileLock m_lock;
  std::filesystem::path m_directory;
};

} // namespace pycontainer::deps
