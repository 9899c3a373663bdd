#pragma once

#include "python/pyproject.hpp"

#include <filesystem>
#include <optional>

namespace pycontainer::python {

// A project's metadata from every source, each filling only what those before it left empty:
//   1. pyproject.toml: PEP 621 [project], then Poetry 1.x's [tool.poetry] (load_pyproject)
//   2. setup.cfg: [metadata] name, version, license, author, project_urls, [options.entry_points]
//      console_scripts (ini_file.hpp)
//   3. setup.py: the literal name=, version= and entry_points= of its setup() call, read as text and
//      never run (setup_py.hpp)
// Name, version, license and authors are taken in this order, the scripts all from the first source that
// has any; urls are merged, earlier sources winning. A
// version none of them writes is read where it can be without running code: the module attribute or
// file a pointer names ([tool.hatch.version] path, [tool.setuptools.dynamic], setup.cfg `attr:`/`file:`),
// else a `__version__ = "..."` literal in the package named after the project; else it stays empty and
// version_origin says why. nullopt when the context has none of the three files. A malformed one throws
// UsageError naming the file and line (setup.cfg is read as strictly as setuptools reads it).
std::optional<PyProject> load_project(const std::filesystem::path& context);

} // namespace pycontainer::python
