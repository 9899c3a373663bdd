#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

// Which installed distribution each file of a site-packages directory belongs to.
//
// A distribution is found by its metadata directory: `NAME-VERSION.dist-info` (pip, PEP 376/627) or
// `NAME-VERSION.egg-info` (setuptools, and Debian's python3-* packages). Ownership, first rule that
// decides wins:
//   1. the paths its RECORD lists (dist-info; "../../../bin/x" entries name console scripts);
//   2. the top-level names it claims: first components of RECORD paths, the lines of top_level.txt,
//      and its metadata directory; a file under a top-level name exactly one distribution claims is
//      that distribution's ("flask/cli.py"; "six.py" and "_x.cpython-311-x86_64-linux-gnu.so" match
//      "six" and "_x");
//   3. console and GUI scripts named in entry_points.txt own the bin/ file of that name.
// Anything else is unowned and travels with the shared dependency layer. __pycache__ directories and
// *.pyc files are left out (they are the build machine's, with its timestamps).
namespace pycontainer::deps {

// A file found while scanning, with the lstat(2) taken then, so that planning layers stats nothing again.
struct SiteFile {
  std::string path; // site-packages-relative ("flask/cli.py"), or the name of a bin/ file
  struct ::stat status {};

  bool operator<(const SiteFile& other) const { return path < other.path; }
};

struct Distribution {
  std::string name;    // as its metadata gives it: "Flask"
  std::string key;     // normalised (PEP 503): "flask"
  std::string version; // "2.2.2"
  std::string metadata_directory;      // relative to site-packages: "Flask-2.2.2.egg-info"
  std::vector<std::string> wheel_tags; // WHEEL "Tag:" lines: "cp311-cp311-manylinux_2_17_x86_64"
  std::vector<SiteFile> files;         // the site-packages files it owns, sorted
  std::vector<SiteFile> scripts;       // the bin/ files it owns, sorted
  std::uint64_t bytes = 0;             // of its files and scripts
};

struct SitePackages {
  std::filesystem::path directory;         // the site-packages directory
  std::filesystem::path scripts_directory; // bin/ (may not exist)
  std::vector<Distribution> distributions; // sorted by key
  std::vector<SiteFile> unowned_files;
  std::vector<SiteFile> unowned_scripts;
  std::uint64_t unowned_bytes = 0;
};

// Scans `directory` and the scripts in `scripts_directory` (regular files; `python*` and `activate*`
// are the venv's own and are skipped). When `scripts_directory` lies inside `directory` (pip
// --target puts bin/ there) it is not scanned as site-packages. Throws IoError for unreadable files.
SitePackages scan_site_packages(const std::filesystem::path& directory, const std::filesystem::path& scripts_directory);

// PEP 503 normalisation: lower case, runs of '-', '_' and '.' become '-'.
std::string normalise_name(std::string_view name);

} // namespace pycontainer::deps
