#pragma once

#include "deps/file_view.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Where the image's Python imports from (its sys.path), worked out on the image's file system
// (deps::FileView) and config rather than by running it, as CPython 3 sets it up for `python3 -m` or
// `python3 -c` started in the working directory:
//   1. the working directory (sys.path[0]; not with PYTHONSAFEPATH set);
//   2. PYTHONPATH's entries, relative ones from the working directory;
//   3. the standard library, <prefix>/lib/pythonX.Y and its lib-dynload, where <prefix> holds the
//      landmark lib/pythonX.Y/os.py above the interpreter (a venv's: above its pyvenv.cfg `home`);
//   4. the site directories (site.py) when the interpreter is a venv's (a pyvenv.cfg beside it or one
//      directory up): <venv>/lib/pythonX.Y/site-packages, then the system's only with
//      include-system-site-packages = true. The system's: Debian's (/usr/local/lib/pythonX.Y/dist-packages,
//      <prefix>/lib/python3/dist-packages, <prefix>/lib/pythonX.Y/dist-packages) when the image has
//      <prefix>/lib/python3/dist-packages, else <prefix>/lib/pythonX.Y/site-packages. Each site
//      directory is followed by the directories its .pth files name (files sorted by name; comment lines
//      and "import" lines, which run code, skipped; only directories the image has).
// The interpreter is the first python3 on PATH (the config's, else Docker's default). X.Y is its file's
// name once links are followed (python3.11), else the one lib/pythonX.Y/os.py under <prefix>.
// Extension modules are named <module>.cpython-XY-<platform>.so (the tag the interpreter's own
// lib-dynload modules carry; without them any platform is taken), <module>.abi3.so or <module>.so.
// Not modelled: the user site directory, PYTHONHOME, zip files on the path, a script's own directory as
// sys.path[0].
namespace pycontainer::deps {

// What of the image's config decides where Python imports from.
struct PythonEnvironment {
  std::optional<std::string> path;  // PATH; Docker's default when unset
  std::string pythonpath;           // PYTHONPATH
  std::string working_dir;          // WorkingDir; "/" when empty
  bool safe_path = false;           // PYTHONSAFEPATH set (not empty)
};

// A directory on sys.path, and why: "the working directory", "PYTHONPATH", "site-packages of the venv
// /app/.venv", "/app/.venv/lib/python3.11/site-packages/extra.pth".
struct SysPathEntry {
  std::string path;
  std::string origin;
  bool exists = false; // as a directory, links followed
};

struct ImagePython {
  std::string executable; // as found on PATH: "/app/.venv/bin/python3"
  std::string venv;       // "/app/.venv"; empty when the interpreter is not a venv's
  std::string prefix;     // the standard library's: "/usr"
  std::string version;    // "3.11"
  std::vector<SysPathEntry> sys_path;
  // The extension module suffixes, preferred first: ".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so";
  // without a platform tag the first is ".cpython-311-*.so", '*' standing for any tag.
  std::vector<std::string> extension_suffixes;
};

// `name` (absolute, or relative to `directory`) as a path in the image, normalised as os.path.abspath
// does: "/app/.venv/lib/python3.12/site-packages" and "../../../../src" give "/app/src".
std::string join_image_path(const std::string& directory, std::string_view name);

// The image's Python and its sys.path. Throws UsageError when there is no python3 on PATH or no standard
// library above it.
ImagePython find_image_python(const FileView& view, const PythonEnvironment& environment);

} // namespace pycontainer::deps
