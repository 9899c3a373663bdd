#pragma once

#include <cstddef>
#include <functional>

namespace pycontainer::util {

// Runs job(0) ... job(count - 1), starting them in index order on up to `width` threads, the calling
// thread among them. Once a job throws, no further job starts; when the running ones have finished,
// the exception of the failed job with the lowest index is rethrown.
void run_parallel(std::size_t count, unsigned width, const std::function<void(std::size_t index)>& job);

} // namespace pycontainer::util
