#pragma once

#include <cstddef>
#include <functional>

namespace pycontainer::layer {

// Where a stage of the layer pipeline hands its output: tar -> compressor -> blob. Called with large
// chunks (a buffer's worth), never per byte; may throw, and the exception then ends the pipeline.
using ByteSink = std::function<void(const void* data, std::size_t size)>;

} // namespace pycontainer::layer
