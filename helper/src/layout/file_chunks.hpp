#pragma once

#include "oci/digest.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>

namespace pycontainer::layout {

// Reads `path` in fixed-size chunks, handing each to `consume`: blobs are never held in memory whole.
// Opened as util::open_input_file() opens every input: a FIFO or a device there is a UsageError, never
// waited on. Throws IoError naming the path.
void read_in_chunks(const std::filesystem::path& path, const std::function<void(const char*, std::size_t)>& consume);

// The sha256 digest of a file's content, streamed.
oci::Digest digest_of_file(const std::filesystem::path& path);

} // namespace pycontainer::layout
