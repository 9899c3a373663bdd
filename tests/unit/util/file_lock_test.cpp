#include "util/file_lock.hpp"

#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace pycontainer::util {
namespace {

class FileLockTest : public test::TempDirTest {};

TEST_F(FileLockTest, CreatesTheFile)
{
  FileLock lock(dir() / "a.lock", LockMode::exclusive);
  EXPECT_TRUE(std::filesystem::exists(dir() / "a.lock"));
  EXPECT_EQ(lock.path(), dir() / "a.lock");
}

TEST_F(FileLockTest, SharedLocksCoexistAndExcludeExclusive)
{
  FileLock first(dir() / "a.lock", LockMode::shared);
  FileLock second(dir() / "a.lock");
  EXPECT_TRUE(second.try_lock(LockMode::shared));
  FileLock third(dir() / "a.lock");
  EXPECT_FALSE(third.try_lock(LockMode::exclusive));
  first.unlock();
  EXPECT_FALSE(third.try_lock(LockMode::exclusive)) << "the second shared lock is still held";
  second.unlock();
  EXPECT_TRUE(third.try_lock(LockMode::exclusive));
}

TEST_F(FileLockTest, ExclusiveExcludesEvenShared)
{
  FileLock holder(dir() / "a.lock", LockMode::exclusive);
  FileLock other(dir() / "a.lock");
  EXPECT_FALSE(other.try_lock(LockMode::shared));
}

TEST_F(FileLockTest, DestructionAndMoveKeepTheRightOwner)
{
  FileLock other(dir() / "a.lock");
  {
    FileLock holder(dir() / "a.lock", LockMode::exclusive);
    FileLock moved(std::move(holder));
    EXPECT_FALSE(other.try_lock(LockMode::exclusive)) << "the moved-to lock still holds";
  }
  EXPECT_TRUE(other.try_lock(LockMode::exclusive));
}

TEST_F(FileLockTest, KernelReleasesTheLockOfAKilledProcess)
{
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    FileLock lock(dir() / "a.lock", LockMode::exclusive);
    char byte = 1;
    (void)!::write(ready[1], &byte, 1);
    ::pause();
    ::_exit(0);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  ::close(ready[1]);
  FileLock lock(dir() / "a.lock");
  EXPECT_FALSE(lock.try_lock(LockMode::shared));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(lock.try_lock(LockMode::exclusive));
}

extern "C" void ignore_signal(int) {}

TEST_F(FileLockTest, WaitSurvivesSignals)
{
  struct sigaction action {};
  struct sigaction previous {};
  action.sa_handler = ignore_signal; // no SA_RESTART: flock(2) returns EINTR
  ::sigaction(SIGUSR1, &action, &previous);
  FileLock holder(dir() / "a.lock", LockMode::exclusive);
  std::atomic<bool> locked{false};
  std::exception_ptr error;
  std::thread waiter([&] {
    try {
      FileLock lock(dir() / "a.lock", LockMode::exclusive);
      locked = true;
    } catch (...) {
      error = std::current_exception();
    }
  });
  for (int i = 0; i < 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::pthread_kill(waiter.native_handle(), SIGUSR1);
  }
  EXPECT_FALSE(locked);
  holder.unlock();
  waiter.join();
  ::sigaction(SIGUSR1, &previous, nullptr);
  EXPECT_FALSE(error) << "an interrupted wait must be retried, not reported";
  EXPECT_TRUE(locked);
}

TEST_F(FileLockTest, UnopenablePathNamesIt)
{
  try {
    FileLock lock(dir() / "missing" / "a.lock");
    FAIL() << "expected IoError";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("missing/a.lock"), std::string::npos) << error.what();
  }
}

} // namespace
} // namespace pycontainer::util
