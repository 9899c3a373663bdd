#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace pycontainer::remote {

// Runs body(i) for i in [0, count) on up to `jobs` threads. The first exception stops handing out
// work and is rethrown once every thread has finished.
template <typename Body>
void parallel_for(std::size_t count, int jobs, Body&& body)
{
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (;;) {
      auto index = next++;
      if (index >= count || failed) {
        return;
      }
      try {
        body(index);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) {
          error = std::current_exception();
        }
        failed = true;
      }
    }
  };
  auto threads = static_cast<std::size_t>(std::max(1, jobs));
  threads = std::min(threads, count);
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < threads; ++i) {
    pool.emplace_back(worker);
  }
  worker();
  for (auto& thread : pool) {
    thread.join();
  }
  if (error) {
    std::rethrow_exception(error);
  }
}

} // namespace pycontainer::remote
