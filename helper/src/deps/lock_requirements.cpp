#include "deps/lock_readers.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/string.hpp"

#include <sstream>

// A requirements file as pip-compile --generate-hashes, `uv export` and `poetry export` write it, read
// as a lock when it has hashes (pip's hash-checking mode then requires them of every requirement):
//   flask==3.0.0 ; python_version >= "3.8" --hash=sha256:HEX --hash=sha256:HEX
// usually continued over lines ending in a backslash, one --hash a line.
// Comments, blank lines and option lines (--index-url, --extra-index-url, --find-links,
// --trusted-host, --require-hashes, --no-deps...) are left aside. Flat: each requirement applies when
// its marker holds.
namespace pycontainer::deps::lock_readers {

namespace {

struct LogicalLine {
  int number = 0; // of its first physical line
  std::string text;
};

// Lines joined over trailing backslashes, without comments (" #" or a line starting with "#").
std::vector<LogicalLine> logical_lines(const std::filesystem::path& file)
{
  std::istringstream stream(util::read_file(file, 16 << 20));
  std::vector<LogicalLine> lines;
  bool continued = false;
  std::string line;
  for (int number = 1; std::getline(stream, line); ++number) {
    auto comment = line.starts_with('#') ? 0 : line.find(" #");
    std::string text(util::trim(std::string_view(line).substr(0, comment)));
    bool continues = text.ends_with('\\');
    if (continues) {
      text.pop_back();
    }
    if (continued) {
      lines.back().text += " " + text;
    } else {
      lines.push_back({number, text});
    }
    continued = continues;
  }
  return lines;
}

struct ReadLine {
  std::string requirement; // without its options
  std::vector<std::string> hashes;
};

ReadLine split_options(const std::string& text)
{
  ReadLine read;
  std::istringstream words(text);
  std::string word;
  bool in_options = false;
  while (words >> word) {
    if (word.starts_with("--hash=")) {
      read.hashes.push_back(word.substr(7));
      in_options = true;
    } else if (word == "--hash") {
      words >> word;
      read.hashes.push_back(word);
      in_options = true;
    } else if (!in_options) {
      read.requirement += (read.requirement.empty() ? "" : " ") + word;
    }
  }
  return read;
}

} // namespace

Lock read_requirements(const std::filesystem::path& file)
{
  Lock lock;
  lock.file = file;
  lock.format = LockFormat::requirements;
  std::string index = "(--index-url, PIP_INDEX_URL, else PyPI)";
  for (const auto& line : logical_lines(file)) {
    auto where = file.string() + ":" + std::to_string(line.number);
    if (line.text.empty()) {
      continue;
    }
    if (line.text.starts_with("-r") || line.text.starts_with("--requirement") || line.text.starts_with("-c") ||
        line.text.starts_with("--constraint") || line.text.starts_with("-e") || line.text.starts_with("--editable")) {
      throw UsageError(where + ": a hashed requirements file is read as a lock, which includes no other files and "
                               "no editable projects: write it as one file of pinned, hashed requirements "
                               "(`pip-compile --generate-hashes`, `uv export`)");
    }
    if (line.text.starts_with('-')) {
      std::istringstream words(line.text);
      std::string option;
      std::string value;
      words >> option >> value;
      if (option.starts_with("--index-url=")) {
        value = option.substr(12);
        option = "--index-url";
      }
      if (option == "-i" || option == "--index-url") {
        index = value;
      }
      continue; // the other options: --extra-index-url, --find-links, --trusted-host...
    }
    auto read = split_options(line.text);
    auto requirement = parse_requirement(read.requirement);
    if (!requirement) {
      throw UsageError(where + ": '" + read.requirement +
                       "' names no distribution: a hashed requirements file is read as a lock, of NAME==VERSION lines");
    }
    std::string version;
    for (const char* op : {"===", "=="}) {
      if (version.empty() && requirement->specifier.starts_with(op)) {
        version = std::string(util::trim(std::string_view(requirement->specifier).substr(std::string_view(op).size())));
      }
    }
    if (version.empty() || version.find_first_of(",*") != std::string::npos) {
      throw UsageError(where + ": '" + read.requirement + "' is not pinned with ==: with hashes, every requirement "
                               "must be (pip's hash-checking mode); pin it, e.g. with `pip-compile --generate-hashes`");
    }
    if (read.hashes.empty()) {
      throw UsageError(where + ": '" + read.requirement + "' has no --hash, while other lines do: pip's "
                               "hash-checking mode requires one for every requirement; add its hashes");
    }
    LockedPackage package;
    package.name = requirement->name;
    package.version = version;
    package.marker = requirement->marker;
    package.source = "index " + index;
    package.hashes = std::move(read.hashes);
    package.where = file.filename().string() + ":" + std::to_string(line.number);
    lock.packages.push_back(std::move(package));
  }
  if (lock.packages.empty()) {
    throw UsageError(file.string() + ": no requirements: a lock names at least one");
  }
  return lock;
}

} // namespace pycontainer::deps::lock_readers

namespace pycontainer::deps {

bool is_hashed_requirements(const std::filesystem::path& file)
{
  for (const auto& line : lock_readers::logical_lines(file)) {
    if (line.text.find("--hash") != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace pycontainer::deps
