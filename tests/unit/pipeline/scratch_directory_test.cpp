#include "pipeline/scratch_directory.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

namespace pycontainer::pipeline {
namespace {

class ScratchDirectoryTest : public test::TempDirTest {
protected:
  void SetUp() override
  {
    TempDirTest::SetUp();
    const char* previous = std::getenv("TMPDIR");
    m_previous = previous ? std::optional<std::string>(previous) : std::nullopt;
    ::setenv("TMPDIR", dir().c_str(), 1);
  }
  void TearDown() override
  {
    if (m_previous) {
      ::setenv("TMPDIR", m_previous->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
    TempDirTest::TearDown();
  }

  // The pid of a process that has ended.
  static pid_t ended_pid()
  {
    pid_t child = ::fork();
    if (child == 0) {
      ::_exit(0);
    }
    ::waitpid(child, nullptr, 0);
    return child;
  }

private:
  std::optional<std::string> m_previous;
};

TEST_F(ScratchDirectoryTest, LivesInTmpdirUntilItGoesOutOfScope)
{
  std::filesystem::path path;
  {
    ScratchDirectory scratch;
    path = scratch.path();
    EXPECT_EQ(path.parent_path(), dir());
    EXPECT_TRUE(path.filename().string().starts_with("pycontainer-work-" + std::to_string(::getpid()) + "-"));
    EXPECT_TRUE(std::filesystem::is_directory(path));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(ScratchDirectoryTest, RemovesTheDirectoriesOfEndedProcessesOnly)
{
  auto abandoned = write("pycontainer-work-" + std::to_string(ended_pid()) + "-abc123/base-archive/blob", "x");
  auto alive = write("pycontainer-work-" + std::to_string(::getppid()) + "-def456/file", "x");
  auto unrelated = write("pycontainer-work-old/file", "x"); // no pid: not ours to judge
  ScratchDirectory scratch;
  EXPECT_FALSE(std::filesystem::exists(abandoned.parent_path().parent_path()));
  EXPECT_TRUE(std::filesystem::exists(alive));
  EXPECT_TRUE(std::filesystem::exists(unrelated));
}

} // namespace
} // namespace pycontainer::pipeline
