#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

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

} // namespace pycontainer::test
