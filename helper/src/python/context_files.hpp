#pragma once

#include "layer/layer_writer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace pycontainer::python {

// A path the build writes to, to be left out of the context should it lie inside.
struct BuildOutput {
  std::filesystem::path path; // absolute, or relative to the working directory
  std::string what;           // "the output layout", "the cache directory"
};

struct FileSelection {
  std::vector<std::string> include; // context-relative paths; empty: the whole context
  std::vector<std::string> exclude; // extra gitignore-style globs (--exclude)
  std::vector<BuildOutput> outputs; // left out whatever the rules say, when inside the context
};

// A directory left out of the context as build output rather than the application's files.
struct LeftOut {
  std::string path; // context-relative: "out/dev"
  std::string what; // "a CMake build tree", "an OCI image layout", or the BuildOutput's `what`
};

struct ContextFiles {
  std::vector<layer::Entry> entries; // sorted by path
  std::vector<LeftOut> left_out;     // sorted by path
};

// The application files of a context, as layer entries whose `path` is context-relative.
//
// Left out by default: .git, virtualenvs (a directory holding pyvenv.cfg, whatever its name: they
// belong to the dependency layer), __pycache__, *.pyc, dist/, build/, .env and .env.* files, and
// what .pycontainerignore or .dockerignore lists. Left out as build output, and listed in
// `left_out` so that the plan can say so: the selection's `outputs`, any OCI image layout (a
// directory holding an oci-layout file) and any build tree (one holding CMakeCache.txt, Meson's
// meson-info or a build.ninja), whatever their names; packed, they would grow the image on every build. Included paths that do
// not exist are a UsageError naming them. Symlinks are kept as symlinks when their target stays
// inside the context; one that points outside is a UsageError naming the link and its target.
//
// Details: dist/ and build/ are left out at the top of the context only (src/pkg/build/ is code);
// an --include list is not narrowed by the ignore files, but the default excludes, build output and
// --exclude still apply; excluded directories are not entered (unless a '!' rule could take something
// back below); a directory is kept even when nothing in it is, unless it held build output only; an absolute symlink target is a
// UsageError even inside the context (it would dangle in the image); sockets, fifos and devices are
// skipped with a warning.
ContextFiles collect_context_files(const std::filesystem::path& context, const FileSelection& selection);

} // namespace pycontainer::python
