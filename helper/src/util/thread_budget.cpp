#include "util/thread_budget.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace pycontainer::util {

namespace {

std::atomic<unsigned> g_budget{0}; // 0: not set

} // namespace

void set_thread_budget(unsigned threads)
{
  g_budget = threads;
}

unsigned thread_budget()
{
  unsigned budget = g_budget;
  return budget != 0 ? budget : std::max(1u, std::thread::hardware_concurrency());
}

unsigned thread_share(unsigned parallel)
{
  return std::max(1u, thread_budget() / std::max(1u, parallel));
}

} // namespace pycontainer::util
