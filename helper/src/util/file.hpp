#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace pycontainer::util {

// Reads a whole (small) file; throws IoError naming the path. `max_size` guards against reading a
// huge file by mistake.
std::string read_file(const std::filesystem::path& path, std::size_t max_size = 64 * 1024 * 1024);

// Replaces `path` atomically with `content`.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Replaces `path` atomically with `content` unless it already holds exactly that; returns whether it
// wrote. Build systems that compare timestamps (Ninja's restat) then skip what depends on the file.
bool write_file_if_changed(const std::filesystem::path& path, std::string_view content);

// create_directories() with an IoError naming the path.
void create_directories(const std::filesystem::path& path);

} // namespace pycontainer::util
