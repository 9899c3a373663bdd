#pragma once

#include "layer/layer_writer.hpp"

#include <vector>

namespace pycontainer::layer {

// Puts the entries of a layer in the form the tar is written from: paths checked, sorted by byte
// order (so a directory comes before its content), missing parent directories added (0755, mtime
// Options::fixed_mtime or 0), and with Options::fixed_mtime every mtime set to it and permissions
// normalised: directories 0755, regular files 0755 with any exec bit else 0644, symlinks 0777.
// Without it, modes keep their permission bits (mode & 07777) and entries their mtimes.
//
// Throws UsageError naming the path for an invalid path (empty, absolute, trailing '/', empty, "." or
// ".." components, NUL bytes), two entries with one path, or an entry inside a non-directory.
std::vector<Entry> plan_entries(std::vector<Entry> entries, const Options& options);

} // namespace pycontainer::layer
