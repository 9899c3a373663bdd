#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

#include <sys/stat.h>

namespace pycontainer::util {

enum class Walk { descend, skip };

// Calls `visit` for everything below `root` (not `root` itself), parents before children, in no
// particular order, with the '/'-separated path relative to `root` and its lstat(2). Returning
// Walk::skip for a directory leaves out what is below it. Symbolic links are reported, not followed.
// Entries are stat'ed relative to their open directory (fstatat), so that a large tree costs one
// short lookup per file rather than a walk of its whole path. Throws IoError for unreadable directories.
void walk_tree(const std::filesystem::path& root,
               const std::function<Walk(std::string_view relative, const struct ::stat& status)>& visit);

} // namespace pycontainer::util
