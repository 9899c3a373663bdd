#include "deps/wheel_install.hpp"

#include "deps/record.hpp"

#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"
#include "util/string.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace pycontainer::deps {

namespace fs = std::filesystem;

// What ExtractedWheel::State holds. Not in the anonymous namespace: in a unity build this file is not the
// main file, and g++ refuses (-Wsubobject-linkage) a class with external linkage whose members' types have
// internal linkage.
namespace wheel_extraction {

// A member as extracted into the staging directory, with what its bytes hashed to.
struct Member {
  std::string digest; // urlsafe base64 sha256 of the extracted bytes
  std::uint64_t size = 0;
  bool executable = false;
};

// Where an installed file goes, relative to prefix, and how.
struct Placement {
  std::string member;      // the zip member
  std::string destination; // relative to prefix
  bool script = false;     // .data/scripts: "#!python" rewritten, mode 0755
};

// Removes the staging directory however the install ends.
class Staging {
public:
  explicit Staging(fs::path path) : m_path(std::move(path))
  {
    std::error_code error;
    fs::remove_all(m_path, error);
    util::create_directories(m_path);
  }
  ~Staging()
  {
    std::error_code error;
    fs::remove_all(m_path, error);
  }
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;
  const fs::path& path() const { return m_path; }

private:
  fs::path m_path;
};

} // namespace wheel_extraction

namespace {

using wheel_extraction::Member;
using wheel_extraction::Placement;
using wheel_extraction::Staging;

// One RECORD line: path, "algorithm=digest" (may be empty), size (may be empty).
struct RecordLine {
  std::string hash;
  std::string size;
};

[[noreturn]] void refuse(const fs::path& wheel, std::string_view member, std::string_view what)
{
  throw UsageError("wheel '" + wheel.string() + "'" + (member.empty() ? "" : ": member '" + std::string(member) + "'") +
                   ": " + std::string(what));
}

// A member path must stay inside the target: relative, no "." or ".." components, no empty ones.
void check_member_path(const fs::path& wheel, const std::string& path)
{
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string::npos) {
    refuse(wheel, path, "an absolute or backslashed path escapes the target; the wheel is malformed");
  }
  for (auto part : util::split(path, '/')) {
    if (part == "..") {
      refuse(wheel, path, "a '..' component escapes the target; the wheel is malformed");
    }
  }
}

std::string base64_digest(util::Sha256& hasher)
{
  return util::base64_encode(hasher.finish_bytes(), util::Base64::url_safe_unpadded);
}

// Writes `content` to `path` (replacing it) with `mode`.
void write_installed(const fs::path& path, std::string_view content, mode_t mode)
{
  util::create_directories(path.parent_path());
  util::write_file_atomic(path, content);
  if (::chmod(path.c_str(), mode) != 0) {
    throw IoError("chmod", path.string(), errno);
  }
}

// Extracts every regular member into `staging` (zip-relative paths) with its installed mode, hashing as it writes.
std::map<std::string, Member> extract(const fs::path& wheel, const fs::path& staging)
{
  std::unique_ptr<struct archive, int (*)(struct archive*)> zip(archive_read_new(), archive_read_free);
  archive_read_support_format_zip_seekable(zip.get());
  if (archive_read_open_filename(zip.get(), wheel.c_str(), 64 * 1024) != ARCHIVE_OK) {
    throw UsageError("wheel '" + wheel.string() + "': cannot open it as a zip: " + archive_error_string(zip.get()));
  }
  std::map<std::string, Member> members;
  archive_entry* entry = nullptr;
  std::array<char, 64 * 1024> buffer{};
  int status = 0;
  while ((status = archive_read_next_header(zip.get(), &entry)) == ARCHIVE_OK) {
    std::string path = archive_entry_pathname(entry);
    check_member_path(wheel, path);
    auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) {
      continue;
    }
    if (type != AE_IFREG) {
      refuse(wheel, path, "is not a regular file (a link could escape the target)");
    }
    if (members.count(path) != 0) {
      refuse(wheel, path, "appears twice in the zip");
    }
    fs::path out = staging / path;
    util::create_directories(out.parent_path());
    util::Fd fd(::open(out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!fd) {
      throw IoError("create", out.string(), errno);
    }
    util::Sha256 hasher;
    Member member;
    la_ssize_t got = 0;
    while ((got = archive_read_data(zip.get(), buffer.data(), buffer.size())) > 0) {
      hasher.update(buffer.data(), static_cast<std::size_t>(got));
      member.size += static_cast<std::uint64_t>(got);
      for (la_ssize_t done = 0; done < got;) {
        auto wrote = ::write(fd.get(), buffer.data() + done, static_cast<std::size_t>(got - done));
        if (wrote < 0) {
          if (errno == EINTR) {
            continue;
          }
          throw IoError("write", out.string(), errno);
        }
        done += wrote;
      }
    }
    if (got < 0) {
      refuse(wheel, path, std::string("cannot be read: ") + archive_error_string(zip.get()));
    }
    member.executable = (archive_entry_perm(entry) & 0111) != 0;
    if (::fchmod(fd.get(), member.executable ? 0755 : 0644) != 0) {
      throw IoError("chmod", out.string(), errno);
    }
    if (!fd.close()) {
      throw IoError("close", out.string(), errno);
    }
    member.digest = base64_digest(hasher);
    members.emplace(path, std::move(member));
  }
  if (status != ARCHIVE_EOF) {
    throw UsageError("wheel '" + wheel.string() + "': cannot read the zip: " + archive_error_string(zip.get()));
  }
  return members;
}

std::string csv_field(const std::string& field)
{
  if (field.find_first_of(",\"\n\r") == std::string::npos) {
    return field;
  }
  std::string quoted = "\"";
  for (char c : field) {
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return quoted + "\"";
}

std::map<std::string, RecordLine> read_record(const fs::path& wheel, const std::string& record_member,
                                              const std::string& text)
{
  std::map<std::string, RecordLine> lines;
  for (auto line : util::split(text, '\n')) {
    line = util::trim(line);
    if (line.empty()) {
      continue;
    }
    auto fields = record_fields(line);
    if (fields.size() != 3) {
      refuse(wheel, record_member, "line \"" + std::string(line) + "\" has not 3 fields (path,hash,size)");
    }
    lines[fields[0]] = RecordLine{fields[1], fields[2]};
  }
  return lines;
}

// Every member must be listed in RECORD with the sha256 and size of its extracted bytes; RECORD itself
// and its signatures (RECORD.jws, RECORD.p7s) may go unhashed.
void verify_record(const fs::path& wheel, const std::string& dist_info, const std::map<std::string, Member>& members,
                   const std::map<std::string, RecordLine>& record)
{
  for (const auto& [path, member] : members) {
    if (path == dist_info + "/RECORD" || path == dist_info + "/RECORD.jws" || path == dist_info + "/RECORD.p7s") {
      continue;
    }
    auto line = record.find(path);
    if (line == record.end()) {
      refuse(wheel, path, "is not listed in " + dist_info + "/RECORD");
    }
    const std::string& hash = line->second.hash;
    auto equals = hash.find('=');
    if (equals == std::string::npos) {
      refuse(wheel, path, "has no hash in " + dist_info + "/RECORD");
    }
    if (hash.substr(0, equals) != "sha256") {
      refuse(wheel, path, "is hashed with " + hash.substr(0, equals) + " in RECORD; only sha256 is supported");
    }
    if (hash.substr(equals + 1) != member.digest) {
      refuse(wheel, path,
             "sha256 " + member.digest + " differs from " + hash.substr(equals + 1) +
               " in RECORD: the wheel is corrupt or was altered");
    }
    if (!line->second.size.empty() && line->second.size != std::to_string(member.size)) {
      refuse(wheel, path,
             "is " + std::to_string(member.size) + " bytes, RECORD says " + line->second.size +
               ": the wheel is corrupt or was altered");
    }
  }
}

// The one `<name>-<version>.dist-info` directory at the root of the zip.
std::string find_dist_info(const fs::path& wheel, const std::map<std::string, Member>& members)
{
  std::set<std::string> found;
  for (const auto& [path, member] : members) {
    auto slash = path.find('/');
    if (slash != std::string::npos && std::string_view(path).substr(0, slash).ends_with(".dist-info")) {
      found.insert(path.substr(0, slash));
    }
  }
  if (found.empty()) {
    refuse(wheel, "", "has no <name>-<version>.dist-info directory; it is not a wheel");
  }
  if (found.size() > 1) {
    refuse(wheel, *std::next(found.begin()), "is a second .dist-info directory (after " + *found.begin() + ")");
  }
  return *found.begin();
}

// The value of "Key: value" in an email-header file (WHEEL), if present.
std::optional<std::string> header_value(const std::string& text, std::string_view key)
{
  for (auto line : util::split(text, '\n')) {
    auto colon = line.find(':');
    if (colon != std::string_view::npos && util::iequals(util::trim(line.substr(0, colon)), key)) {
      return std::string(util::trim(line.substr(colon + 1)));
    }
  }
  return std::nullopt;
}

void check_wheel_version(const fs::path& wheel, const std::string& wheel_member, const std::string& text)
{
  auto version = header_value(text, "Wheel-Version");
  if (!version) {
    refuse(wheel, wheel_member, "has no Wheel-Version");
  }
  auto major = version->substr(0, version->find('.'));
  if (major.empty() || major.find_first_not_of("0123456789") != std::string::npos) {
    refuse(wheel, wheel_member, "Wheel-Version \"" + *version + "\" is not a version");
  }
  if (std::stoul(major) > 1) {
    refuse(wheel, wheel_member,
           "Wheel-Version " + *version + " is a newer wheel format than 1.x, which this installer knows");
  }
}

// Where each member goes. `data` is "<name>-<version>.data".
std::vector<Placement> place(const fs::path& wheel, const WheelInstallTarget& target, const std::string& name,
                             const std::string& data, const std::map<std::string, Member>& members)
{
  std::string site = "lib/python" + target.python_version + "/site-packages/";
  std::vector<Placement> placements;
  for (const auto& [path, member] : members) {
    if (!path.starts_with(data + "/")) {
      placements.push_back({path, site + path, false});
      continue;
    }
    std::string rest = path.substr(data.size() + 1);
    auto slash = rest.find('/');
    std::string scheme = rest.substr(0, slash);
    std::string inner = slash == std::string::npos ? "" : rest.substr(slash + 1);
    if (inner.empty()) {
      refuse(wheel, path, "lies directly in " + data + "/, outside purelib, platlib, scripts, headers or data");
    }
    if (scheme == "purelib" || scheme == "platlib") {
      placements.push_back({path, site + inner, false});
    } else if (scheme == "scripts") {
      if (inner.find('/') != std::string::npos) {
        refuse(wheel, path, "is a script in a subdirectory; scripts must lie directly in " + data + "/scripts");
      }
      placements.push_back({path, "bin/" + inner, true});
    } else if (scheme == "headers") {
      placements.push_back({path, "include/site/python" + target.python_version + "/" + name + "/" + inner, false});
    } else if (scheme == "data") {
      placements.push_back({path, inner, false});
    } else {
      refuse(wheel, path, "is in the unknown scheme '" + scheme + "' (purelib, platlib, scripts, headers, data)");
    }
  }
  return placements;
}

// "#!python" and "#!pythonw" (PEP 427) become the target's interpreter; other scripts are kept.
std::string rewrite_shebang(const std::string& content, const std::string& interpreter)
{
  for (std::string_view marker : {"#!pythonw", "#!python"}) {
    if (content.starts_with(marker)) {
      auto end = content.find('\n');
      std::string_view rest = std::string_view(content).substr(marker.size(), end - marker.size());
      if (util::trim(rest).empty()) {
        return "#!" + interpreter + (end == std::string::npos ? "\n" : content.substr(end));
      }
    }
  }
  return content;
}

// console_scripts and gui_scripts of entry_points.txt: script name -> "module:object.attr".
std::map<std::string, std::string> entry_point_scripts(const fs::path& wheel, const std::string& member,
                                                       const std::string& text)
{
  std::map<std::string, std::string> scripts;
  std::string section;
  for (auto line : util::split(text, '\n')) {
    line = util::trim(line);
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      continue;
    }
    if (line.front() == '[') {
      section = std::string(util::trim(line.substr(1, line.find(']') - 1)));
      continue;
    }
    if (section != "console_scripts" && section != "gui_scripts") {
      continue;
    }
    auto equals = line.find('=');
    if (equals == std::string_view::npos) {
      refuse(wheel, member, "line \"" + std::string(line) + "\" in [" + section + "] is not name = module:object");
    }
    std::string name(util::trim(line.substr(0, equals)));
    std::string_view value = util::trim(line.substr(equals + 1));
    value = util::trim(value.substr(0, value.find('['))); // extras are for the resolver, not the script
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == ".." ||
        value.find(':') == std::string_view::npos) {
      refuse(wheel, member, "line \"" + std::string(line) + "\" in [" + section + "] is not name = module:object");
    }
    scripts[name] = std::string(value);
  }
  return scripts;
}

// The launcher pip (distlib) writes for an entry point.
std::string launcher(const std::string& interpreter, const std::string& entry_point)
{
  auto colon = entry_point.find(':');
  std::string module(util::trim(std::string_view(entry_point).substr(0, colon)));
  std::string object(util::trim(std::string_view(entry_point).substr(colon + 1)));
  std::string import_name = object.substr(0, object.find('.'));
  return "#!" + interpreter + "\n" + "# -*- coding: utf-8 -*-\n" + "import re\n" + "import sys\n" + "from " + module +
         " import " + import_name + "\n" + "if __name__ == '__main__':\n" +
         "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n" + "    sys.exit(" + object +
         "())\n";
}

// A RECORD path for a prefix-relative file: relative to site-packages ("../../../bin/x" outside it).
std::string record_path(const std::string& site, const std::string& file)
{
  if (file.starts_with(site)) {
    return file.substr(site.size());
  }
  return "../../../" + file;
}

} // namespace

fs::path site_packages_of(const WheelInstallTarget& target)
{
  return target.prefix / "lib" / ("python" + target.python_version) / "site-packages";
}

struct ExtractedWheel::State {
  State(const fs::path& wheel_path, const WheelInstallTarget& install_target)
    : wheel(wheel_path), target(install_target),
      staging(install_target.prefix / (".pycontainer-wheel-" + wheel_path.filename().string()))
  {
  }

  fs::path wheel;
  WheelInstallTarget target;
  Staging staging;
  std::map<std::string, Member> members;
  InstalledWheel installed; // name, version, metadata_directory
  std::string data;         // "<name>-<version>.data"
  std::vector<Placement> placements;
  std::map<std::string, std::string> generated; // prefix-relative path -> content
};

ExtractedWheel::ExtractedWheel(std::unique_ptr<State> state) : m_state(std::move(state)) {}
ExtractedWheel::ExtractedWheel(ExtractedWheel&&) noexcept = default;
ExtractedWheel& ExtractedWheel::operator=(ExtractedWheel&&) noexcept = default;
ExtractedWheel::~ExtractedWheel() = default;

ExtractedWheel extract_wheel(const fs::path& wheel, const WheelInstallTarget& target)
{
  util::create_directories(target.prefix);
  auto state = std::make_unique<ExtractedWheel::State>(wheel, target);
  auto& members = state->members;
  members = extract(wheel, state->staging.path());

  InstalledWheel& installed = state->installed;
  installed.metadata_directory = find_dist_info(wheel, members);
  std::string stem = installed.metadata_directory.substr(0, installed.metadata_directory.size() - 10);
  auto dash = stem.find('-');
  if (dash == std::string::npos) {
    refuse(wheel, installed.metadata_directory, "is not named <name>-<version>.dist-info");
  }
  installed.name = stem.substr(0, dash);
  installed.version = stem.substr(dash + 1);
  const std::string& dist_info = installed.metadata_directory;

  auto read_member = [&](const std::string& member) -> std::optional<std::string> {
    if (members.count(member) == 0) {
      return std::nullopt;
    }
    return util::read_file(state->staging.path() / member);
  };
  auto wheel_text = read_member(dist_info + "/WHEEL");
  if (!wheel_text) {
    refuse(wheel, dist_info + "/WHEEL", "is missing; every wheel has one");
  }
  check_wheel_version(wheel, dist_info + "/WHEEL", *wheel_text);
  auto record_text = read_member(dist_info + "/RECORD");
  if (!record_text) {
    refuse(wheel, dist_info + "/RECORD", "is missing; every wheel lists its files with their hashes there");
  }
  verify_record(wheel, dist_info, members, read_record(wheel, dist_info + "/RECORD", *record_text));

  state->data = stem + ".data";
  state->placements = place(wheel, target, installed.name, state->data, members);
  if (auto entry_points = read_member(dist_info + "/entry_points.txt")) {
    for (const auto& [script, entry_point] : entry_point_scripts(wheel, dist_info + "/entry_points.txt", *entry_points)) {
      state->generated["bin/" + script] = launcher(target.interpreter, entry_point);
    }
  }
  state->generated["lib/python" + target.python_version + "/site-packages/" + dist_info + "/INSTALLER"] = "pycontainer\n";
  return ExtractedWheel(std::move(state));
}

InstalledWheel place_wheel(ExtractedWheel extracted)
{
  auto& state = *extracted.m_state;
  const auto& target = state.target;
  const std::string dist_info = state.installed.metadata_directory;
  std::string site = "lib/python" + target.python_version + "/site-packages/";

  // A top-level directory of the wheel's root that the target has nothing of yet is renamed whole: one
  // rename for the package instead of one per file and directory (none of its files is rewritten:
  // scripts and metadata are in the .data and .dist-info directories).
  std::set<std::string> whole;
  for (const auto& placement : state.placements) {
    auto slash = placement.member.find('/');
    auto top = placement.member.substr(0, slash);
    if (slash == std::string::npos || top == dist_info || top == state.data || whole.count(top) != 0) {
      continue;
    }
    fs::path to = target.prefix / site / top;
    std::error_code error;
    if (fs::exists(fs::symlink_status(to, error))) {
      continue;
    }
    util::create_directories(to.parent_path());
    fs::rename(state.staging.path() / top, to, error);
    if (error) {
      throw IoError("rename to", to.string(), error.message());
    }
    whole.insert(top);
  }

  // Moved into place only now, with everything checked.
  std::map<std::string, std::pair<std::string, std::uint64_t>> hashes; // prefix-relative -> digest, size
  for (const auto& placement : state.placements) {
    if (placement.member == dist_info + "/RECORD" || placement.member == dist_info + "/INSTALLER" ||
        state.generated.count(placement.destination) != 0) {
      continue; // rewritten below
    }
    const Member& member = state.members.at(placement.member);
    if (whole.count(placement.member.substr(0, placement.member.find('/'))) != 0) {
      hashes[placement.destination] = {member.digest, member.size};
      continue;
    }
    fs::path from = state.staging.path() / placement.member;
    fs::path to = target.prefix / placement.destination;
    if (placement.script) {
      std::string content = rewrite_shebang(util::read_file(from, std::size_t(1) << 30), target.interpreter);
      write_installed(to, content, 0755);
      util::Sha256 hasher;
      hasher.update(content);
      hashes[placement.destination] = {base64_digest(hasher), content.size()};
      continue;
    }
    util::create_directories(to.parent_path());
    std::error_code error;
    fs::rename(from, to, error);
    if (error) {
      throw IoError("rename to", to.string(), error.message());
    }
    hashes[placement.destination] = {member.digest, member.size};
  }
  for (const auto& [path, content] : state.generated) {
    write_installed(target.prefix / path, content, path.starts_with("bin/") ? 0755 : 0644);
    util::Sha256 hasher;
    hasher.update(content);
    hashes[path] = {base64_digest(hasher), content.size()};
  }

  InstalledWheel installed = std::move(state.installed);
  std::string record;
  for (const auto& [path, hash] : hashes) {
    record += csv_field(record_path(site, path)) + ",sha256=" + hash.first + "," + std::to_string(hash.second) + "\n";
    installed.files.push_back(path);
  }
  record += csv_field(dist_info + "/RECORD") + ",,\n";
  write_installed(target.prefix / site / dist_info / "RECORD", record, 0644);
  installed.files.push_back(site + dist_info + "/RECORD");
  std::sort(installed.files.begin(), installed.files.end());
  return installed;
}

InstalledWheel install_wheel(const fs::path& wheel, const WheelInstallTarget& target)
{
  return place_wheel(extract_wheel(wheel, target));
}

} // namespace pycontainer::deps
