#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

// Installs one wheel (PEP 427, the binary distribution format; PEP 376/627, the installed-distribution
// format) into a tree laid out like a virtualenv, as pip does, without Python:
//   <prefix>/lib/pythonX.Y/site-packages/   the wheel's root, <dist>.data/purelib and .data/platlib
//   <prefix>/bin/                           .data/scripts ("#!python" rewritten to the interpreter) and the
//                                           console_scripts and gui_scripts of entry_points.txt
//   <prefix>/include/site/pythonX.Y/<name>/ .data/headers
//   <prefix>/                               .data/data
// The metadata directory gets INSTALLER ("pycontainer") and a RECORD rewritten for the installed files:
// site-packages-relative paths ("../../../bin/x" for scripts), sha256 in urlsafe base64 without padding,
// sizes; RECORD itself last with no hash.
//
// Deterministic: the same wheel gives byte-identical files (RECORD sorted, generated scripts fixed text, no
// timestamps in any content). Modes are 0755 for scripts and members the zip marks executable, else 0644;
// mtimes are left as the extraction sets them (the layer writer normalises them). No .pyc is compiled.
//
// Refused, each a UsageError naming the wheel and the member: a member path escaping the target
// (absolute, "..", a link), a member missing from RECORD or whose sha256 or size differs from its RECORD
// line (checked on the bytes extracted, before anything is moved into place), an unknown RECORD hash, a
// Wheel-Version whose major is above 1, no or an ambiguous `.dist-info`. The members are first extracted
// into a staging directory inside `prefix`, removed afterwards, so a refused wheel installs nothing.
//
// The two steps can be taken apart (extract_wheel, then place_wheel): several wheels extracted at once
// on several threads, each into its own staging directory, then placed one at a time in a fixed order,
// give the same tree as installing them one after another in that order (a file two wheels have is the
// later one's).
namespace pycontainer::deps {

struct WheelInstallTarget {
  std::filesystem::path prefix; // the venv-like root
  std::string python_version;   // "3.11": lib/python3.11/site-packages
  std::string interpreter;      // the shebang of scripts: "/usr/local/bin/python3.11"
};

struct InstalledWheel {
  std::string name;                // as the .dist-info directory gives it: "Flask"
  std::string version;             // "2.2.2"
  std::string metadata_directory;  // relative to site-packages: "Flask-2.2.2.dist-info"
  std::vector<std::string> files;  // every installed file, relative to prefix, sorted
};

// The site-packages directory of `target`: <prefix>/lib/pythonX.Y/site-packages.
std::filesystem::path site_packages_of(const WheelInstallTarget& target);

// A wheel extracted into its staging directory inside the target and checked, not installed yet.
// Destroyed without place_wheel(), it removes its staging directory: nothing is installed.
class ExtractedWheel {
public:
  struct State;
  explicit ExtractedWheel(std::unique_ptr<State> state);
  ExtractedWheel(ExtractedWheel&&) noexcept;
  ExtractedWheel& operator=(ExtractedWheel&&) noexcept;
  ~ExtractedWheel();

private:
  friend InstalledWheel place_wheel(ExtractedWheel extracted);
  std::unique_ptr<State> m_state;
};

// Extracts and checks `wheel` (everything install_wheel refuses is refused here); safe to call for
// several wheels of one target at once.
ExtractedWheel extract_wheel(const std::filesystem::path& wheel, const WheelInstallTarget& target);

// Moves an extracted wheel's files into place and writes its RECORD (one wheel of a target at a time).
InstalledWheel place_wheel(ExtractedWheel extracted);

// Installs `wheel` into `target`: place_wheel(extract_wheel(wheel, target)). Throws UsageError for a
// refused wheel, IoError when a file cannot be read or written.
InstalledWheel install_wheel(const std::filesystem::path& wheel, const WheelInstallTarget& target);

} // namespace pycontainer::deps
