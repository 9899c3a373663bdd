#include "deps/staging_slot.hpp"

#include "util/error.hpp"

#include <cerrno>
#include <cstdlib>
#include <string>

#include <stdio.h>
#include <sys/stat.h>

namespace pycontainer::deps {

namespace fs = std::filesystem;

StagingSlot::StagingSlot(const fs::path& staging) : m_lock(staging / "install.lock")
{
  if (m_lock.try_lock(util::LockMode::exclusive)) {
    std::error_code error;
    for (const auto& item : fs::directory_iterator(staging, error)) {
      if (item.path().filename().string().starts_with(k_partial_prefix)) {
        fs::remove_all(item.path(), error);
      }
    }
    m_lock.unlock();
  }
  // Not atomic after the exclusive lock; harmless, as no directory of ours exists yet.
  m_lock.lock(util::LockMode::shared);
  std::string pattern = (staging / (std::string(k_partial_prefix) + ".XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) {
    throw IoError("create directory", pattern, errno);
  }
  m_directory = pattern;
  ::chmod(m_directory.c_str(), 0755); // as pip would have made it, not mkdtemp's 0700
}

StagingSlot::~StagingSlot()
{
  if (!m_directory.empty()) {
    std::error_code ignored;
    fs::remove_all(m_directory, ignored);
  }
}

bool StagingSlot::commit(const fs::path& final)
{
  if (::rename(m_directory.c_str(), final.c_str()) == 0) {
    m_directory.clear();
    return true;
  }
  if (errno != ENOTEMPTY && errno != EEXIST) {
    throw IoError("rename", m_directory.string() + "' to '" + final.string(), errno);
  }
  return false;
}

} // namespace pycontainer::deps
