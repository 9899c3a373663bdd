#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <sys/stat.h>

namespace pycontainer::util {

// Which file a path named when it was listed: a file swapped for another (or for a link) since then
// has another device or inode.
struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
};

// Opens an input file for reading, the one way every input is opened. A FIFO or a device there never
// blocks: the open is non-blocking, anything but a regular file is a UsageError ("'p' is a FIFO, not a
// regular file"), and O_NONBLOCK is cleared once the file is known to be regular. With `listed`, the
// file must still be the one listed: the last component is not followed (O_NOFOLLOW), and a link, a
// missing file or one of another identity there is an IoError ("changed while the build read it; run
// the build again") rather than other content read. Returns the descriptor (the caller closes it) and
// fills `status` with its fstat(2). Throws IoError naming the path when it cannot be opened.
int open_input_file(const std::filesystem::path& path, struct ::stat& status, const FileIdentity* listed = nullptr);

// One read(2) of up to `size` bytes from `fd`, again when a signal interrupted it: the bytes read (fewer
// than `size` when fewer are there), 0 at the end of the file. Throws IoError naming `path`.
std::size_t read_some(int fd, void* buffer, std::size_t size, const std::filesystem::path& path);

// Reads a whole (small) input file, opened as open_input_file() does; throws IoError naming the path.
// `max_size` guards against reading a huge file by mistake.
std::string read_file(const std::filesystem::path& path, std::size_t max_size = 64 * 1024 * 1024);

// Reads the first `size` bytes of an input file (fewer when it is shorter), opened as open_input_file() does.
std::string read_file_start(const std::filesystem::path& path, std::size_t size);

// Replaces `path` atomically with `content`.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// Replaces `path` atomically with `content` unless it already holds exactly that; returns whether it
// wrote. Build systems that compare timestamps (Ninja's restat) then skip what depends on the file.
bool write_file_if_changed(const std::filesystem::path& path, std::string_view content);

// create_directories() with an IoError naming the path.
void create_directories(const std::filesystem::path& path);

} // namespace pycontainer::util
