#pragma once

#include "deps/file_view.hpp"
#include "deps/python_path.hpp"

#include <string>
#include <vector>

// Finding a module as Python's import system does (importlib's PathFinder and FileFinder), on the image's
// file system along its sys.path (deps/python_path.hpp). For "a.b.c", "a" is looked for in each directory
// of sys.path, then "b" in the directories of a's __path__ (a package's own directory; a namespace
// package's portions), and so on. In a directory D, a name N is
//   - a package when D/N is a directory holding __init__ with one of the suffixes below;
//   - else a module D/N<suffix>, the suffixes in this order: the extension modules'
//     (ImagePython::extension_suffixes), ".py", ".pyc";
//   - else, D/N being a directory, a portion of a namespace package (PEP 420), which is what N is when
//     no directory of the path has N as a package or module.
// Modules built into the interpreter (sys) have no file and are not found; an __init__.py that extends
// its own __path__ (pkgutil.extend_path) is not modelled.
namespace pycontainer::deps {

enum class ModuleKind { source, bytecode, extension, package, namespace_package };

struct ModuleSearch {
  std::string name; // "a.b.c"
  bool found = false;
  ModuleKind kind = ModuleKind::source;
  // The module's file: "/app/a/b/c.py", ".../c/__init__.py", ".../c.cpython-311-x86_64-linux-gnu.so";
  // a namespace package's first directory.
  std::string file;

  // Not found: the name that was not ("a.b" of "a.b.c"), where it was looked for, and the files there
  // that have its name but a suffix the image's Python does not take ("c.cpython-312-x86_64-linux-gnu.so").
  std::string missing;
  std::string not_a_package; // the file of missing's parent when that is a module, which has no submodules
  std::vector<SysPathEntry> searched;
  std::vector<std::string> other_files;
  std::string did_you_mean; // a module or package there with a name a few edits away ("cmake_example")
};

// Throws UsageError when `name` is not a dotted module name ("fast-math").
ModuleSearch find_module(const FileView& view, const ImagePython& python, const std::string& name);

// Why `search`, not found, failed: the module, the files looked for, the directories searched (and why
// each is on the path), a file of another Python, and the fixes.
std::string describe_missing_module(const ModuleSearch& search, const ImagePython& python);

} // namespace pycontainer::deps
