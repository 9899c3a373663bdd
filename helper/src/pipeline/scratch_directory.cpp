#include "pipeline/scratch_directory.hpp"

#include "util/error.hpp"
#include "util/log.hpp"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>

#include <signal.h>
#include <unistd.h>

namespace pycontainer::pipeline {

namespace {

constexpr std::string_view k_prefix = "pycontainer-work-";

// Removes the scratch directories in `temp` whose process has exited.
void remove_abandoned(const std::filesystem::path& temp)
{
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(temp, error)) {
    std::string name = item.path().filename().string();
    if (!name.starts_with(k_prefix)) {
      continue;
    }
    std::string_view rest = std::string_view(name).substr(k_prefix.size());
    pid_t pid = 0;
    auto [end, parsed] = std::from_chars(rest.data(), rest.data() + rest.size(), pid);
    if (parsed != std::errc() || end == rest.data() + rest.size() || *end != '-' || pid <= 0) {
      continue; // not ours to judge
    }
    if (::kill(pid, 0) == 0 || errno != ESRCH) {
      continue; // alive (or another user's, EPERM)
    }
    std::error_code ignored;
    if (std::filesystem::remove_all(item.path(), ignored) > 0) {
      log::verbose("removed " + item.path().string() + ", left by process " + std::to_string(pid) + " that ended");
    }
  }
}

} // namespace

ScratchDirectory::ScratchDirectory()
{
  auto temp = std::filesystem::temp_directory_path();
  remove_abandoned(temp);
  std::string pattern = (temp / (std::string(k_prefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) {
    throw IoError("create directory", pattern, errno);
  }
  m_path = pattern;
}

ScratchDirectory::~ScratchDirectory()
{
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

} // namespace pycontainer::pipeline
