#include "deps/source.hpp"

#include "deps/staging_slot.hpp"
#include "deps/wheel_tags.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/sha256.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string_view>

extern char** environ;

namespace pycontainer::deps {

namespace {

namespace fs = std::filesystem;

std::string pyvenv_value(const std::string& config, const std::string& key)
{
  std::istringstream stream(config);
  std::string line;
  while (std::getline(stream, line)) {
    auto equals = line.find('=');
    if (equals != std::string::npos && util::trim(line.substr(0, equals)) == key) {
      return std::string(util::trim(line.substr(equals + 1)));
    }
  }
  return "";
}

// What of pip's configuration decides what it installs: PIP_* variables, its config files, and the
// listings of local --find-links directories (new wheels there must reinstall).
std::string pip_settings_fingerprint()
{
  std::vector<std::string> variables;
  for (char** entry = environ; *entry; ++entry) {
    if (std::string_view(*entry).starts_with("PIP_")) {
      variables.emplace_back(*entry);
    }
  }
  std::sort(variables.begin(), variables.end());
  std::string text;
  for (const auto& variable : variables) {
    text += variable + "\n";
  }
  std::vector<fs::path> configs{"/etc/pip.conf", "/etc/xdg/pip/pip.conf"};
  if (const char* home = std::getenv("HOME")) {
    configs.push_back(fs::path(home) / ".pip/pip.conf");
    configs.push_back(fs::path(home) / ".config/pip/pip.conf");
  }
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME")) {
    configs.push_back(fs::path(xdg) / "pip/pip.conf");
  }
  if (const char* file = std::getenv("PIP_CONFIG_FILE")) {
    configs.push_back(file);
  }
  for (const auto& config : configs) {
    std::error_code error;
    if (fs::is_regular_file(config, error)) {
      text += "config " + config.string() + "\n" + util::read_file(config, 1 << 20);
    }
  }
  if (const char* links = std::getenv("PIP_FIND_LINKS")) {
    std::istringstream words(links);
    std::string word;
    while (words >> word) {
      std::error_code error;
      if (!fs::is_directory(word, error)) {
        continue;
      }
      std::vector<std::string> listing;
      for (const auto& item : fs::directory_iterator(word, error)) {
        auto size = item.is_regular_file() ? item.file_size() : 0;
        listing.push_back(item.path().filename().string() + " " + std::to_string(size) + " " +
                          std::to_string(item.last_write_time().time_since_epoch().count()));
      }
      std::sort(listing.begin(), listing.end());
      for (const auto& line : listing) {
        text += "link " + line + "\n";
      }
    }
  }
  return text;
}

// The requirements' text for the staging key: the text of `origin` and of every file it includes,
// each named, or `inline_text` for [project.dependencies].
std::string requirements_key_text(const fs::path& origin, const std::string& inline_text, std::vector<fs::path>& files)
{
  if (origin.empty()) {
    return inline_text;
  }
  files = requirements_files(origin);
  std::string text;
  for (const auto& file : files) {
    text += "file " + file.string() + "\n" + util::read_file(file, 16 << 20) + "\n";
  }
  return text;
}

// The requirements of `files` (as requirements_files gives them), else of `inline_text`: their lines
// without comments and options (such as the -r lines, whose files are in `files`).
std::vector<std::string> requirement_lines(const std::vector<fs::path>& files, const std::string& inline_text)
{
  std::vector<std::string> texts{inline_text};
  if (!files.empty()) {
    texts.clear();
    for (const auto& file : files) {
      texts.push_back(util::read_file(file, 16 << 20));
    }
  }
  std::vector<std::string> lines;
  for (const auto& text : texts) {
    std::istringstream stream(text);
    std::string line;
    while (std::getline(stream, line)) {
      std::string requirement(util::trim(std::string_view(line).substr(0, line.starts_with('#') ? 0 : line.find(" #"))));
      if (!requirement.empty() && !requirement.starts_with('-')) {
        lines.push_back(std::move(requirement));
      }
    }
  }
  return lines;
}

DependencySource install_requirements(const SourceRequest& request, SourceKind kind, const fs::path& origin,
                                      const std::string& inline_text)
{
  auto target = request.install_target();
  auto tags = pip_platform_tags(request.platform, target.libc);
  if (tags.empty()) {
    throw UsageError("pip has no platform tags for " + request.platform.str() +
                     ": use a virtualenv made for it (--venv) instead of requirements");
  }
  std::vector<fs::path> files;
  auto requirements_text = requirements_key_text(origin, inline_text, files);
  util::Sha256 key_hash;
  key_hash.update("pycontainer deps 2\n" + requirements_text + "\n--python " + target.python + "\n");
  for (const auto& tag : tags) {
    key_hash.update(tag + "\n");
  }
  key_hash.update(pip_settings_fingerprint());
  auto key = key_hash.finish_hex().substr(0, 32);

  DependencySource source;
  source.kind = kind;
  source.origin = origin;
  source.python_version = target.python;
  source.cache_key = key;
  source.input_files = files;
  auto staging = request.cache_directory / "deps" / key;
  source.site_packages = staging / "site-packages";
  source.scripts_directory = source.site_packages / "bin";
  if (fs::is_directory(source.site_packages)) {
    log::verbose("dependencies: staged set " + key + " is up to date");
    return source;
  }
  if (!request.install) {
    source.installed = false;
    source.to_install = requirement_lines(files, inline_text);
    return source;
  }

  util::create_directories(staging);
  StagingSlot slot(staging);
  if (fs::is_directory(source.site_packages)) {
    log::verbose("dependencies: staged set " + key + " was installed by another build meanwhile");
    return source;
  }
  // A requirements file is given to pip where it is, so its relative references (-r, ./x.whl) work.
  auto requirements_file = origin;
  if (requirements_file.empty()) {
    requirements_file = staging / "requirements.txt";
    util::write_file_atomic(requirements_file, inline_text);
  }
  auto partial = slot.directory();
  std::vector<std::string> argv{"python3", "-m", "pip", "install", "--disable-pip-version-check", "--no-compile",
                                "--target", partial.string(), "--python-version", target.python,
                                "--implementation", "cp", "--only-binary=:all:"};
  for (const auto& tag : tags) {
    argv.push_back("--platform");
    argv.push_back(tag);
  }
  argv.push_back("-r");
  argv.push_back(requirements_file.string());
  log::info("pycontainer: installing dependencies with pip for Python " + target.python + " on " +
            request.platform.str() + " (cached as " + key + ")");
  int status = util::run_attached(argv, request.context);
  if (status != 0) {
    std::string what = origin.empty() ? "[project.dependencies]" : "'" + origin.string() + "'";
    throw UsageError("pip could not install the dependencies of " + what +
                     (status == 127 || status < 0 ? " (python3 -m pip is not available: install python3-pip)"
                                                  : " (pip exited with " + std::to_string(status) + "; see its output above)") +
                     ": fix the requirements, or give pip an index or wheels (PIP_INDEX_URL, PIP_FIND_LINKS)");
  }
  if (!slot.commit(source.site_packages)) {
    log::verbose("dependencies: another build staged " + key + " first; using its install");
  }
  return source;
}

// The lock's packages for the target.
DependencySource lock_source(const SourceRequest& request, const fs::path& file)
{
  auto target = request.install_target();
  WheelTarget wheel_target;
  auto dot = target.python.find('.');
  wheel_target.python_major = std::stoi(target.python.substr(0, dot));
  wheel_target.python_minor = std::stoi(target.python.substr(dot + 1));
  wheel_target.machine = wheel_machine(request.platform);
  wheel_target.libc = target.libc == Libc::musl ? Libc::musl : Libc::glibc;
  wheel_target.libc_version = target.libc_version;
  if (wheel_target.machine.empty()) {
    throw UsageError("wheels have no platform tags for " + request.platform.str() + ": a lock cannot be installed for it");
  }
  auto lock = read_lock_file(file);
  auto full_version = target.python_full_version.empty() ? target.python : target.python_full_version;
  auto environment = linux_environment(full_version, wheel_target.machine);
  DependencySource source;
  source.kind = SourceKind::lock;
  source.origin = fs::absolute(file).lexically_normal();
  source.python_version = target.python;
  source.python_full_version = target.python_full_version;
  source.lock_format = lock.format;
  source.wheel_target = wheel_target.describe();
  source.input_files.push_back(source.origin);
  if (lock.format == LockFormat::poetry) {
    source.input_files.push_back(source.origin.parent_path() / "pyproject.toml");
  }
  LockInstall install;
  install.packages =
    choose_packages(lock, environment, wheel_target, request.lock_selection, host_builds_for(wheel_target));
  install.lock_directory = source.origin.parent_path();
  install.target = wheel_target;
  install.python_version = target.python;
  install.interpreter = request.interpreter;
  install.platform = request.platform.str();
  install.cache_directory = request.cache_directory;
  source.cache_key = lock_install_key(install);
  // A dry run lists what a build would fetch, and the distributions of a set staged already.
  source.installed = request.install ? true : describe_fetches(install, request.wheels);
  auto prefix = source.installed ? stage_lock(install, request.wheels) : lock_install_prefix(install);
  source.locked = std::move(install.packages);
  source.site_packages = prefix / "lib" / ("python" + target.python) / "site-packages";
  source.scripts_directory = prefix / "bin";
  return source;
}

} // namespace

std::string DependencySource::describe() const
{
  std::string python = " (Python " + (python_full_version.empty() ? python_version : python_full_version) + ")";
  std::string staged = (installed ? ", staged " : ", not staged yet: would be ") + cache_key;
  switch (kind) {
  case SourceKind::venv: return "virtualenv " + origin.string() + python;
  case SourceKind::requirements: return "requirements " + origin.string() + " via pip" + python + staged;
  case SourceKind::project_dependencies: return "[project.dependencies] via pip" + python + staged;
  case SourceKind::lock:
    return std::string(to_string(lock_format)) + " " + origin.string() + python + ", wheels for " + wheel_target + staged;
  }
  return "";
}

std::vector<std::string> pip_platform_tags(const oci::Platform& platform, Libc libc)
{
  WheelTarget target;
  target.machine = wheel_machine(platform);
  target.libc = libc == Libc::musl ? Libc::musl : Libc::glibc;
  return target.machine.empty() ? std::vector<std::string>{} : platform_tags(target);
}

std::vector<fs::path> requirements_files(const fs::path& file)
{
  std::vector<fs::path> files{fs::absolute(file).lexically_normal()};
  for (std::size_t next = 0; next < files.size(); ++next) {
    auto text = util::read_file(files[next], 16 << 20);
    std::istringstream lines(text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
      std::istringstream words(line.substr(0, line.find(" #")));
      std::string option;
      std::string argument;
      words >> option;
      for (const char* name : {"-r", "--requirement", "-c", "--constraint"}) {
        std::string prefix = std::string(name) + (std::string_view(name).starts_with("--") ? "=" : "");
        if (option == name) {
          words >> argument;
        } else if (option.size() > prefix.size() && option.starts_with(prefix)) {
          argument = option.substr(prefix.size());
        }
      }
      if (argument.empty()) {
        continue;
      }
      auto included = (files[next].parent_path() / argument).lexically_normal();
      if (!fs::is_regular_file(included)) {
        throw UsageError("'" + files[next].string() + "' line " + std::to_string(number) + " includes '" + argument +
                         "', which does not exist: fix the path (it is relative to the including file)");
      }
      if (std::find(files.begin(), files.end(), included) == files.end()) {
        files.push_back(included);
      }
    }
  }
  return files;
}

DependencySource read_venv(const fs::path& venv)
{
  auto config_file = venv / "pyvenv.cfg";
  if (!fs::is_regular_file(config_file)) {
    throw UsageError("'" + venv.string() + "' is not a virtualenv (it has no pyvenv.cfg): make one with `python3 -m venv " +
                     venv.string() + "`, or point --venv at one");
  }
  auto config = util::read_file(config_file, 1 << 20);
  DependencySource source;
  source.kind = SourceKind::venv;
  source.origin = fs::absolute(venv).lexically_normal();
  source.python_full_version = pyvenv_value(config, "version");
  if (source.python_full_version.empty()) {
    source.python_full_version = pyvenv_value(config, "version_info");
  }
  std::vector<fs::path> candidates;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(venv / "lib", error)) {
    auto name = item.path().filename().string();
    if (name.starts_with("python3") && fs::is_directory(item.path() / "site-packages")) {
      candidates.push_back(item.path());
    }
  }
  if (candidates.size() != 1) {
    throw UsageError("virtualenv '" + venv.string() + "' has " + std::to_string(candidates.size()) +
                     " lib/pythonX.Y/site-packages directories, expected one: recreate it with `python3 -m venv`");
  }
  source.python_version = candidates.front().filename().string().substr(6);
  source.site_packages = candidates.front() / "site-packages";
  source.scripts_directory = venv / "bin";
  source.input_files.push_back(fs::absolute(config_file).lexically_normal());
  if (source.python_full_version.empty()) {
    source.python_full_version = source.python_version;
  }
  return source;
}

namespace {

// The sources after a lock, in their order.
std::optional<DependencySource> find_source_without_lock(const SourceRequest& request)
{
  if (request.venv) {
    auto venv = request.venv->is_absolute() ? *request.venv : fs::absolute(*request.venv);
    if (!fs::is_directory(venv)) {
      throw UsageError("--venv '" + request.venv->string() + "' does not exist: create it with `python3 -m venv " +
                       request.venv->string() + "`, or fix the path");
    }
    return read_venv(venv);
  }
  for (const char* name : {".venv", "venv", "env"}) {
    if (fs::is_regular_file(request.context / name / "pyvenv.cfg")) {
      return read_venv(request.context / name);
    }
  }
  if (request.requirements) {
    auto file = request.requirements->is_absolute() ? *request.requirements : fs::absolute(*request.requirements);
    if (!fs::is_regular_file(file)) {
      throw UsageError("requirements file '" + request.requirements->string() +
                       "' does not exist: fix the path given to --requirements (or requirements in the config)");
    }
    return install_requirements(request, SourceKind::requirements, file, "");
  }
  if (fs::is_regular_file(request.context / "requirements.txt")) {
    return install_requirements(request, SourceKind::requirements, request.context / "requirements.txt", "");
  }
  if (!request.project_dependencies.empty()) {
    std::string text;
    for (const auto& dependency : request.project_dependencies) {
      text += dependency + "\n";
    }
    auto source = install_requirements(request, SourceKind::project_dependencies, {}, text);
    source.input_files.push_back(request.context / "pyproject.toml");
    return source;
  }
  return std::nullopt;
}

} // namespace

std::optional<DependencySource> find_dependency_source(const SourceRequest& request)
{
  if (request.lock) {
    return lock_source(request, *request.lock);
  }
  if (!request.venv && request.requirements) {
    auto file = request.requirements->is_absolute() ? *request.requirements : fs::absolute(*request.requirements);
    if (fs::is_regular_file(file) && is_hashed_requirements(file)) {
      return lock_source(request, file);
    }
  }
  auto found = request.venv || request.requirements ? std::nullopt : find_lock_file(request.context);
  if (!found) {
    return find_source_without_lock(request);
  }
  return lock_source(request, *found);
}

} // namespace pycontainer::deps
