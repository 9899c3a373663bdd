#pragma once

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::test {

// A fixture giving each test case a fresh, empty directory, removed afterwards.
class TempDirTest : public ::testing::Test {
protected:
  void SetUp() override
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "pycontainer-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }

  const std::filesystem::path& dir() const { return m_dir; }

  // Writes `content` to dir()/relative, creating parent directories.
  std::filesystem::path write(const std::string& relative, std::string_view content) const
  {
    auto path = m_dir / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

private:
  std::filesystem::path m_dir;
};

// The names in `directory`, sorted.
inline std::vector<std::string> directory_entries(const std::filesystem::path& directory)
{
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Runs `read` (which should refuse to read the FIFO `path`) on another thread and returns the message of
// the exception it throws ("" if none). A `read` still blocked in open(2) after 5 s fails the test and is
// let go by opening the FIFO's other end.
template <typename Read>
std::string error_reading_fifo(const std::filesystem::path& path, Read read)
{
  auto reading = std::async(std::launch::async, [&] {
    try {
      read();
    } catch (const std::exception& error) {
      return std::string(error.what());
    }
    return std::string();
  });
  if (reading.wait_for(std::chrono::seconds(5)) == std::future_status::timeout) {
    ADD_FAILURE() << "waited on the FIFO " << path;
    int writer = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (writer >= 0) {
      ::close(writer);
    }
  }
  return reading.get();
}

} // namespace pycontainer::test
