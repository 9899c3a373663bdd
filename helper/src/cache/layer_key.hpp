#pragma once

#include "layer/layer_writer.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace pycontainer::cache {

// Bumped whenever the bytes of a layer made from the same entries and options could change (tar
// encoding, compression): every older cache entry then misses.
// 2: gzip level 6 recompresses text blocks with zlib; 3: zstd jobs of 1 MiB (were 2 MiB).
inline constexpr int k_layer_format_version = 3;

// The cache key of a layer: the hex sha256 of a canonical serialisation of the format version, the
// tool's version, the options that shape the blob (compression, level, fixed mtime; not the thread
// count, which never changes the bytes) and every entry sorted by path: image path, type, mode, mtime,
// link target and, for regular files, size, mtime_ns, ctime_ns, inode and device. Files are not read:
// a file whose content changed without any of those changing gives the same key (the limit of this
// scheme, as of ccache's direct mode and make). Regular entries without status (inode 0) are stat'ed.
std::string layer_key(const std::vector<layer::Entry>& entries, const layer::Options& options);

// The cache key of a layer whose bytes its caller names by `content_key` (a hash of every entry's path,
// type, mode, size, link target and content, as deps::DependencyLayer::content_key gives it), for
// options with a fixed mtime (else the files' mtimes are in the tar, and layer_key() applies): the same
// key for the same content wherever its files lie, so that a layer the platforms of a build share is
// found by every platform. No file is stat'ed or read.
std::string content_layer_key(const std::string& content_key, const layer::Options& options);

// Whether a regular entry changed less than `window` before `now` (its mtime or ctime): a second
// change within the filesystem's timestamp granularity could leave every status field as it is, so
// such a layer is packed but not recorded (git's "racy" files). Immutable entries never are.
bool is_racy(const layer::Entry& entry, std::chrono::system_clock::time_point now, std::chrono::nanoseconds window);

} // namespace pycontainer::cache
