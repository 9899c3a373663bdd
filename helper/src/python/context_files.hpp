#pragma once

#include "layer/layer_writer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace pycontainer::python {

struct FileSelection {
  std::vector<std::string> include; // context-relative paths; empty: the whole context
  std::vector<std::string> exclude; // extra gitignore-style globs (--exclude)
};

// The application files of a context, as layer entries whose `path` is context-relative.
//
// Left out by default: .git, virtualenvs (a directory holding pyvenv.cfg, whatever its name: they
// belong to the dependency layer), __pycache__, *.pyc, dist/, build/, .env and .env.* files, and
// what .pycontainerignore or .dockerignore lists. Included paths that do not exist are a UsageError
// naming them. Symlinks are kept as symlinks when their target stays inside the context; one that
// points outside is a UsageError naming the link and its target. Sorted by path.
//
// Details: dist/ and build/ are left out at the top of the context only (src/pkg/build/ is code);
// an --include list is not narrowed by the ignore files, but the default excludes and --exclude still
// apply; excluded directories are not entered (unless a '!' rule could take something back below);
// a directory is kept even when nothing in it is; an absolute symlink target is a UsageError even
// inside the context (it would dangle in the image); sockets, fifos and devices are skipped with a
// warning.
std::vector<layer::Entry> collect_context_files(const std::filesystem::path& context, const FileSelection& selection);

} // namespace pycontainer::python
