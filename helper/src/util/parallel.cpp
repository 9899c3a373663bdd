#include "util/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace pycontainer::util {

void run_parallel(std::size_t count, unsigned width, const std::function<void(std::size_t index)>& job)
{
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex errors_mutex;
  std::vector<std::exception_ptr> errors(count);
  auto work = [&] {
    while (!failed) {
      std::size_t index = next++;
      if (index >= count) {
        return;
      }
      try {
        job(index);
      } catch (...) {
        std::lock_guard lock(errors_mutex);
        errors[index] = std::current_exception();
        failed = true;
      }
    }
  };
  std::size_t helpers = std::min<std::size_t>(std::max(width, 1u), count);
  std::vector<std::jthread> threads;
  for (std::size_t i = 1; i < helpers; ++i) {
    threads.emplace_back(work);
  }
  work();
  threads.clear(); // joins
  for (const auto& error : errors) {
    if (error) {
      std::rethrow_exception(error);
    }
  }
}

} // namespace pycontainer::util
