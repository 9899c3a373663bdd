#include "util/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace pycontainer::util {
namespace {

TEST(RunParallelTest, RunsEveryJobOnceOnUpToWidthThreads)
{
  std::vector<std::atomic<int>> runs(50);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> running{0};
  std::atomic<int> most_at_once{0};
  run_parallel(runs.size(), 3, [&](std::size_t index) {
    int now = ++running;
    for (int seen = most_at_once; now > seen && !most_at_once.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++runs[index];
    {
      std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
    }
    --running;
  });
  for (const auto& count : runs) {
    EXPECT_EQ(count, 1);
  }
  EXPECT_LE(threads.size(), 3u);
  EXPECT_LE(most_at_once, 3);
  EXPECT_TRUE(threads.contains(std::this_thread::get_id())); // the caller works too
}

TEST(RunParallelTest, ZeroJobsAndWidthZeroAreFine)
{
  int runs = 0;
  run_parallel(0, 2, [&](std::size_t) { ++runs; });
  EXPECT_EQ(runs, 0);
  run_parallel(3, 0, [&](std::size_t) { ++runs; }); // one thread: the caller
  EXPECT_EQ(runs, 3);
}

TEST(RunParallelTest, RethrowsTheLowestFailedJobAndStartsNoMore)
{
  std::atomic<int> started{0};
  try {
    run_parallel(100, 1, [&](std::size_t index) {
      ++started;
      if (index == 4 || index == 7) {
        throw std::runtime_error("job " + std::to_string(index));
      }
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "job 4");
  }
  EXPECT_EQ(started, 5); // one thread: jobs 0-4, none after the failure
}

TEST(RunParallelTest, WaitsForRunningJobsBeforeRethrowing)
{
  std::atomic<bool> slow_started{false};
  std::atomic<bool> slow_finished{false};
  EXPECT_THROW(run_parallel(2, 2,
                            [&](std::size_t index) {
                              if (index == 0) {
                                while (!slow_started) { // fail only while job 1 runs
                                  std::this_thread::yield();
                                }
                                throw std::runtime_error("first");
                              }
                              slow_started = true;
                              std::this_thread::sleep_for(std::chrono::milliseconds(50));
                              slow_finished = true;
                            }),
               std::runtime_error);
  EXPECT_TRUE(slow_finished);
}

} // namespace
} // namespace pycontainer::util
