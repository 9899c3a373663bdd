#include "deps/lock_install.hpp"

#include "deps/installed_files.hpp"
#include "deps/staging_slot.hpp"
#include "deps/wheel_install.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/parallel.hpp"
#include "util/process.hpp"
#include "util/sha256.hpp"
#include "util/thread_budget.hpp"

#include <algorithm>
#include <iterator>
#include <semaphore>

#include <sys/utsname.h>

namespace pycontainer::deps {

namespace {

namespace fs = std::filesystem;

std::string package_label(const ChosenPackage& package)
{
  return "package " + package.name + " " + package.version + " (" + package.where + ")";
}

int hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// The path of a file:// URL, percent-decoded.
std::string file_url_path(std::string_view url)
{
  url.remove_prefix(std::string_view("file://").size());
  url = url.substr(0, url.find_first_of("#?"));
  std::string path;
  for (std::size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '%' && i + 2 < url.size() && hex_value(url[i + 1]) >= 0 && hex_value(url[i + 2]) >= 0) {
      path.push_back(static_cast<char>(hex_value(url[i + 1]) * 16 + hex_value(url[i + 2])));
      i += 2;
    } else {
      path.push_back(url[i]);
    }
  }
  return path;
}

// The file on this machine a lock's file is, when it is local (a path, a file:// URL).
std::optional<fs::path> local_file(const LockedFile& file, const fs::path& lock_directory)
{
  if (!file.path.empty()) {
    return (lock_directory / file.path).lexically_normal();
  }
  if (file.url.starts_with("file://")) {
    return fs::path(file_url_path(file.url));
  }
  return std::nullopt;
}

std::vector<std::string> sha256_hashes(const std::vector<std::string>& hashes)
{
  std::vector<std::string> found;
  for (const auto& hash : hashes) {
    if (hash.starts_with("sha256:")) {
      found.push_back(hash.substr(7));
    }
  }
  return found;
}

// Checks the local file `path` against the lock's sha256 hashes (one must match, when there are any:
// a file without them is the project's own); returns its sha256.
std::string verify_file(const fs::path& path, const std::vector<std::string>& hashes, const ChosenPackage& package)
{
  auto expected = sha256_hashes(hashes);
  auto actual = util::sha256_file_hex(path);
  if (!expected.empty() && std::find(expected.begin(), expected.end(), actual) == expected.end()) {
    throw UsageError(package_label(package) + ": '" + path.string() + "' has sha256 " + actual + ", the lock says " +
                     expected.front() + (expected.size() > 1 ? " (or one of " + std::to_string(expected.size()) + " others)" : "") +
                     ": the file was changed or the lock is out of date; fetch the file again or lock again");
  }
  return actual;
}

// The file a package installs from, as far as the lock tells without an index: the lock's wheel or
// sdist; nullopt when the index must be asked (no file, or a file name without URL or path).
std::optional<LockedFile> located(const ChosenPackage& package)
{
  const auto& file = package.sdist ? package.sdist : package.wheel;
  if (file && (!file->url.empty() || !file->path.empty())) {
    return file;
  }
  return std::nullopt;
}

// The hashes the index's file must have: those of the lock's file named without URL (Poetry, PDM),
// else the package's (Pipfile.lock, hashed requirements).
const std::vector<std::string>& index_hashes(const ChosenPackage& package)
{
  return package.wheel ? package.wheel->hashes : package.sdist ? package.sdist->hashes : package.hashes;
}

// The index URL the lock names for `package` ("index https://host/simple"); empty for PyPI by name, an
// index named but not given a URL, and other sources.
std::string lock_index_url(const ChosenPackage& package)
{
  constexpr std::string_view prefix = "index ";
  if (!package.source.starts_with(prefix)) {
    return "";
  }
  auto url = package.source.substr(prefix.size());
  return url.starts_with("http://") || url.starts_with("https://") ? url : "";
}

// The file of `package` on its index: the best wheel with the lock's hashes, else (the host building)
// an sdist with them.
LockedFile listed_file(const ChosenPackage& package, const LockInstall& install, const WheelProvider& provider)
{
  if (!provider.list) {
    throw UsageError(package_label(package) + ": the lock names no URL for its file and no package index is "
                     "configured: give one (--index-url, --find-links)");
  }
  const auto& hashes = index_hashes(package);
  if (hashes.empty()) {
    throw UsageError(package_label(package) + ": the lock names neither a URL nor a hash for its file, so no "
                     "file of the index can be verified: lock again with hashes");
  }
  auto lock_index = lock_index_url(package);
  auto files = provider.list(package.name, lock_index);
  if (auto wheel = choose_wheel(files, install.target, hashes)) {
    return wheel->file;
  }
  if (host_builds_for(install.target)) {
    for (const auto& file : files) {
      if (!file.name.ends_with(".whl") && has_any_hash(file, hashes)) {
        return file;
      }
    }
  }
  std::vector<LockedFile> matching;
  std::copy_if(files.begin(), files.end(), std::back_inserter(matching),
               [&](const auto& file) { return has_any_hash(file, hashes); });
  throw UsageError(package_label(package) + ": " +
                   provider.describe(lock_index) + " lists " + std::to_string(files.size()) +
                   " files, " + std::to_string(matching.size()) + " with the lock's hashes, and no wheel of them fits " +
                   install.target.describe() + " (their tags: " + wheel_tags_text(matching) +
                   "): pycontainer installs wheels only; build a wheel for the target and lock it, or choose a "
                   "version with wheels for this platform");
}

// A verified local copy of `file`: a local file hashed here, a download by the provider as it streamed.
VerifiedFile obtain(const LockedFile& file, const ChosenPackage& package, const LockInstall& install,
                    const WheelProvider& provider)
{
  if (auto local = local_file(file, install.lock_directory)) {
    if (!fs::is_regular_file(*local)) {
      throw UsageError(package_label(package) + ": its file '" + local->string() +
                       "' does not exist: build or fetch it there, or lock again");
    }
    return {*local, verify_file(*local, file.hashes, package)};
  }
  if (!provider.fetch) {
    throw UsageError(package_label(package) + ": its file " + file.url + " is not local and nothing downloads it here");
  }
  if (sha256_hashes(file.hashes).empty()) {
    throw UsageError(package_label(package) + ": the lock gives no sha256 for '" + file.name +
                     "': pycontainer installs only files it can verify; lock again with hashes");
  }
  try {
    return provider.fetch(file);
  } catch (Error& error) {
    error.add_context(package_label(package));
    throw;
  }
}

// The wheel the host's pip builds from `sdist` into `directory`, checked to fit the target.
fs::path build_wheel(const fs::path& sdist, const fs::path& directory, const ChosenPackage& package,
                     const LockInstall& install, const WheelProvider& provider)
{
  util::create_directories(directory);
  std::vector<std::string> argv{"python3", "-m", "pip", "wheel", "--disable-pip-version-check", "--no-deps",
                                "--wheel-dir", directory.string()};
  if (provider.pip_options) {
    auto options = provider.pip_options(lock_index_url(package));
    argv.insert(argv.end(), options.begin(), options.end());
  }
  argv.push_back(sdist.string());
  log::info("pycontainer: " + package.name + " " + package.version + " has no wheel for " + install.target.describe() +
            ": building one from " + sdist.filename().string() + " with the host's pip");
  int status = util::run_attached(argv);
  if (status != 0) {
    throw UsageError(package_label(package) + ": pip could not build a wheel from '" + sdist.string() + "'" +
                     (status == 127 || status < 0 ? " (python3 -m pip is not available: install python3-pip)"
                                                  : " (pip exited with " + std::to_string(status) + "; see its output above)") +
                     ": pip takes its build requirements from " +
                     (provider.describe ? provider.describe(lock_index_url(package)) : "pip's own settings") +
                     "; give an index that has them, build with the host's installed backend (PIP_NO_BUILD_ISOLATION=0), "
                     "or lock a version with wheels");
  }
  std::vector<LockedFile> built;
  for (const auto& item : fs::directory_iterator(directory)) {
    built.push_back(LockedFile{item.path().filename().string(), "", item.path().string(), {}, std::nullopt});
  }
  auto wheel = choose_wheel(built, install.target, {});
  if (!wheel) {
    throw UsageError(package_label(package) + ": the host's pip built " + wheel_tags_text(built) + ", which " +
                     install.target.describe() + " does not take: build on a machine like the target (its Python " +
                     install.python_version + ")");
  }
  return wheel->file.path;
}

// One of the extractions' places, taken (waiting for it) while it lives.
class ExtractionPlace {
public:
  explicit ExtractionPlace(std::counting_semaphore<>& places) : m_places(places) { m_places.acquire(); }
  ~ExtractionPlace() { m_places.release(); }
  ExtractionPlace(const ExtractionPlace&) = delete;
  ExtractionPlace& operator=(const ExtractionPlace&) = delete;

private:
  std::counting_semaphore<>& m_places;
};

std::string key_text(const ChosenPackage& package, const LockInstall& install)
{
  std::string text = "package " + package.name + " " + package.version + "\n";
  auto file = located(package);
  if (!file) {
    // The index's best wheel depends on the whole target, its C library's version too.
    auto hashes = index_hashes(package);
    std::sort(hashes.begin(), hashes.end());
    text += "index for " + install.target.describe();
    for (const auto& hash : hashes) {
      text += " " + hash;
    }
    return text + "\n";
  }
  text += (package.sdist ? "sdist " : "wheel ") + file->name;
  auto hashes = file->hashes;
  std::sort(hashes.begin(), hashes.end());
  auto local = local_file(*file, install.lock_directory);
  if (sha256_hashes(hashes).empty() && local && fs::is_regular_file(*local)) {
    hashes = {"sha256:" + util::sha256_file_hex(*local)}; // a local file the lock does not hash
  }
  for (const auto& hash : hashes) {
    text += " " + hash;
  }
  return text + "\n";
}

} // namespace

bool host_builds_for(const WheelTarget& target)
{
  struct ::utsname name {};
  return ::uname(&name) == 0 && target.machine == name.machine && target.libc == Libc::glibc;
}

std::string lock_install_key(const LockInstall& install)
{
  util::Sha256 hash;
  // The target's C library by kind only: a dry run, which reads no base, knows no version, and the
  // lock's own files are named by hash below.
  hash.update("pycontainer lock 2\npython " + install.python_version + "\ninterpreter " + install.interpreter +
              "\nplatform " + install.platform + "\nmachine " + install.target.machine + " " +
              (install.target.libc == Libc::musl ? "musl" : "glibc") + "\n");
  for (const auto& package : install.packages) {
    hash.update(key_text(package, install));
  }
  return hash.finish_hex().substr(0, 32);
}

fs::path lock_install_prefix(const LockInstall& install)
{
  return install.cache_directory / "deps" / lock_install_key(install) / "venv";
}

fs::path stage_lock(LockInstall& install, const WheelProvider& provider)
{
  auto prefix = lock_install_prefix(install);
  if (fs::is_directory(prefix)) {
    read_installed_files(prefix.parent_path(), install.packages);
    log::verbose("dependencies: staged lock set " + prefix.parent_path().filename().string() + " is up to date");
    return prefix;
  }
  util::create_directories(prefix.parent_path());
  StagingSlot slot(prefix.parent_path());
  if (fs::is_directory(prefix)) {
    read_installed_files(prefix.parent_path(), install.packages);
    return prefix;
  }
  log::info("pycontainer: installing " + std::to_string(install.packages.size()) + " locked packages for " +
            install.target.describe() + " (cached as " + prefix.parent_path().filename().string() + ")");
  WheelInstallTarget target{slot.directory(), install.python_version, install.interpreter};
  util::create_directories(site_packages_of(target));
  auto builds = slot.directory().parent_path() / (slot.directory().filename().string() + ".builds");
  auto count = install.packages.size();
  auto with_label = [&](std::size_t index, const auto& step) {
    try {
      return step();
    } catch (Error& error) {
      error.add_context(package_label(install.packages[index]));
      throw;
    }
  };
  // Every file chosen (its index page read), fetched and verified, provider.transfers at once, and each
  // wheel extracted and checked into its own staging directory as it arrives, thread_budget() at once
  // (a transfer waits for a free one). The first failure in the lock's order is the one reported; no
  // transfer starts after it.
  std::vector<LockedFile> chosen(count);
  std::vector<fs::path> files(count);
  std::vector<std::optional<ExtractedWheel>> extracted(count);
  std::counting_semaphore<> extraction_places(static_cast<std::ptrdiff_t>(std::max(util::thread_budget(), 1u)));
  util::run_parallel(count, std::max(provider.transfers, 1u), [&](std::size_t index) {
    auto& package = install.packages[index];
    auto file = located(package);
    chosen[index] = file ? *file : listed_file(package, install, provider);
    auto obtained = obtain(chosen[index], package, install, provider);
    package.installed_from = LockedFile{chosen[index].name, chosen[index].url, chosen[index].path, {"sha256:" + obtained.sha256}, chosen[index].size};
    files[index] = obtained.path;
    if (chosen[index].name.ends_with(".whl")) {
      ExtractionPlace place(extraction_places);
      extracted[index] = with_label(index, [&] { return extract_wheel(files[index], target); });
    }
  });
  // Then placed one at a time in the lock's order, as one by one: a file two wheels have is the later
  // one's, however the transfers finished. An sdist's wheel is built here, the host's pip alone on the
  // terminal.
  for (std::size_t index = 0; index < count; ++index) {
    const auto& package = install.packages[index];
    if (!extracted[index]) {
      auto wheel = build_wheel(files[index], builds / package.name, package, install, provider);
      extracted[index] = with_label(index, [&] { return extract_wheel(wheel, target); });
    }
    with_label(index, [&] { return place_wheel(std::move(*extracted[index])); });
    extracted[index].reset();
  }
  std::error_code ignored;
  fs::remove_all(builds, ignored);
  write_installed_files(prefix.parent_path(), install.packages);
  if (!slot.commit(prefix)) {
    log::verbose("dependencies: another build staged " + prefix.parent_path().filename().string() + " first; using its install");
  }
  return prefix;
}

bool describe_fetches(LockInstall& install, const WheelProvider& provider)
{
  bool staged = fs::is_directory(lock_install_prefix(install));
  for (auto& package : install.packages) {
    auto file = located(package);
    std::string build = package.sdist ? "; the host's pip would build its wheel" : "";
    if (staged) {
      package.fetch = "staged";
    } else if (!file) {
      package.fetch = "would be chosen from " +
                      (provider.describe ? provider.describe(lock_index_url(package)) : "no index (none configured)");
    } else if (auto local = local_file(*file, install.lock_directory)) {
      package.fetch = "local file " + local->string() + build;
    } else if (auto cached = provider.cached ? provider.cached(*file) : std::nullopt) {
      package.fetch = "cached " + cached->string() + build;
    } else {
      package.fetch = "would download from " + file->url + build;
    }
  }
  return staged;
}

} // namespace pycontainer::deps
