#include "deps/dependency_plan.hpp"

#include "deps/base_files.hpp"
#include "deps/dependency_layers.hpp"
#include "deps/wheel_tags.hpp"
#include "layer/layer_reader.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/format.hpp"
#include "util/json_field.hpp"
#include "util/log.hpp"
#include "util/process.hpp"
#include "util/sha256.hpp"

#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include <sys/stat.h>

namespace pycontainer::deps {

namespace {

namespace fs = std::filesystem;

// An entry with the status of `source` (`known`, else lstat), so that the layer cache and the binary
// check can key it without reading it.
layer::Entry entry_for(std::string source, std::string path, const struct stat* known = nullptr)
{
  struct stat info {};
  if (known) {
    info = *known;
  } else if (::lstat(source.c_str(), &info) != 0) {
    throw IoError("stat", source, errno);
  }
  layer::Entry entry;
  entry.path = std::move(path);
  entry.source = std::move(source);
  layer::set_status(entry, info);
  if (S_ISLNK(info.st_mode)) {
    entry.type = layer::EntryType::symlink;
    entry.link_target = fs::read_symlink(entry.source).string();
  }
  return entry;
}

// An entry for a file generated into the cache (content-addressed, never rewritten): immutable, so a
// layer holding one is recorded by the build that generated it.
layer::Entry generated_entry(const fs::path& generated, std::string path, std::uint32_t mode)
{
  auto entry = entry_for(generated.string(), std::move(path));
  entry.mode = mode;
  entry.immutable = true;
  return entry;
}

// An entry holding `content` (a rewritten script, pyvenv.cfg), written once into the content-addressed
// `directory`. Without a directory (a dry run) nothing is written: the entry only describes the file.
layer::Entry generated_entry(const std::optional<fs::path>& directory, const std::string& content, std::string path,
                             std::uint32_t mode)
{
  if (!directory) {
    layer::Entry entry;
    entry.path = std::move(path);
    entry.mode = mode;
    entry.size = content.size();
    entry.immutable = true;
    return entry;
  }
  auto file = *directory / util::sha256_hex(content);
  if (!fs::exists(file)) {
    util::create_directories(*directory);
    util::write_file_atomic(file, content);
  }
  return generated_entry(file, std::move(path), mode);
}

std::optional<fs::path> generated_scripts(const DependencyPlan& plan)
{
  if (!plan.generated_directory) {
    return std::nullopt;
  }
  return *plan.generated_directory / "scripts";
}

// A script whose shebang runs a python gets "#!<prefix>/bin/python3"; pip's long-path form
// ("#!/bin/sh" + "'''exec' /long/python "$0" "$@"" + "' '''") too. nullopt: leave it as it is.
std::optional<std::string> rewrite_shebang(const fs::path& script, const std::string& interpreter)
{
  if (util::read_file_start(script, 2) != "#!") {
    return std::nullopt;
  }
  auto content = util::read_file(script, 16 * 1024 * 1024);
  auto first_end = content.find('\n');
  if (first_end == std::string::npos) {
    return std::nullopt;
  }
  auto first = content.substr(0, first_end);
  if (first == "#!/bin/sh" && content.compare(first_end + 1, 8, "'''exec'") == 0) {
    auto end = content.find("\n' '''\n", first_end);
    if (end == std::string::npos) {
      return std::nullopt;
    }
    return "#!" + interpreter + content.substr(end + 7 - 1);
  }
  if (first.find("python") == std::string::npos) {
    return std::nullopt;
  }
  return "#!" + interpreter + content.substr(first_end);
}

std::string site_path(const std::string& prefix, const DependencySource& source)
{
  return prefix.substr(1) + "/lib/python" + source.python_version + "/site-packages";
}

void compile_bytecode(DependencyPlan& plan)
{
  std::string python = "python" + plan.source.python_version;
  std::string found;
  if (const char* path = std::getenv("PATH")) {
    std::istringstream directories(path);
    std::string directory;
    while (std::getline(directories, directory, ':')) {
      if (!directory.empty() && access((fs::path(directory) / python).c_str(), X_OK) == 0) {
        found = (fs::path(directory) / python).string();
        break;
      }
    }
  }
  if (found.empty()) {
    log::warn("--compile-bytecode: no " + python + " on this machine's PATH, so no bytecode is precompiled (the "
              "image compiles modules when they are first imported)");
    return;
  }
  // Each .py file becomes <cache>/pyc/<key>.pyc, compiled by one python process for all that are
  // missing. The key is the sha256 of the file's status (path, size, mtime_ns, ctime_ns, inode, device,
  // as the layer cache keys files: see cache::layer_key, and its limit), its image path and the Python,
  // so that a rebuild reads none of the modules; a file without a known status is keyed by its content.
  auto pyc_directory = *plan.generated_directory / ("pyc-" + plan.source.python_version);
  util::create_directories(pyc_directory);
  std::string jobs;
  struct Planned {
    DependencyLayer* layer;
    std::string image_path;
    fs::path pyc;
  };
  std::vector<Planned> planned;
  auto site = site_path(plan.prefix, plan.source);
  for (auto& layer : plan.layers) {
    for (const auto& entry : layer.entries) {
      if (entry.type != layer::EntryType::regular || !entry.path.ends_with(".py") || !entry.path.starts_with(site + "/")) {
        continue;
      }
      util::Sha256 key;
      if (entry.inode != 0) {
        key.update("status " + entry.source + "\n" + std::to_string(entry.size) + " " + std::to_string(entry.mtime_ns) +
                   " " + std::to_string(entry.ctime_ns) + " " + std::to_string(entry.inode) + " " +
                   std::to_string(entry.device));
      } else {
        key.update("content " + util::read_file(entry.source, 256 * 1024 * 1024));
      }
      key.update("\n/" + entry.path + "\n" + found);
      auto pyc = pyc_directory / (key.finish_hex() + ".pyc");
      fs::path image_path = entry.path;
      auto cached = (image_path.parent_path() / "__pycache__" /
                     (image_path.stem().string() + ".cpython-" + plan.source.python_version.substr(0, 1) +
                      plan.source.python_version.substr(2) + ".pyc"))
                      .generic_string();
      if (!fs::exists(pyc)) {
        jobs += entry.source + "\t/" + entry.path + "\t" + pyc.string() + "\n";
      }
      planned.push_back({&layer, cached, pyc});
    }
  }
  if (!jobs.empty()) {
    auto job_file = pyc_directory / "jobs.txt";
    util::write_file_atomic(job_file, jobs);
    std::string script =
      "import py_compile, os, sys\n"
      "for line in open(sys.argv[1], encoding='utf-8'):\n"
      "    source, image, out = line.rstrip('\\n').split('\\t')\n"
      "    try:\n"
      "        py_compile.compile(source, cfile=out + '.tmp', dfile=image, doraise=True,\n"
      "            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)\n"
      "        os.replace(out + '.tmp', out)\n"
      "    except py_compile.PyCompileError:\n"
      "        pass\n";
    if (util::run_attached({found, "-c", script, job_file.string()}) != 0) {
      log::warn("--compile-bytecode: " + found + " failed; bytecode left out");
      return;
    }
  }
  std::size_t added = 0;
  for (const auto& item : planned) {
    if (fs::exists(item.pyc)) { // files with syntax errors for this Python are skipped
      item.layer->entries.push_back(generated_entry(item.pyc, item.image_path, 0644)); // named by its source's status
      ++added;
    }
  }
  log::verbose("--compile-bytecode: " + std::to_string(added) + " modules precompiled by " + found);
}

struct LayerFacts {
  std::vector<std::string> python_directories; // "usr/lib/python3.11"
  std::vector<std::string> interpreters;       // "usr/bin/python3"
  Libc libc = Libc::unknown;
  std::map<std::string, std::string> system_files; // path -> content: package databases, os-release
};

// The files that say which system packages a base holds (see deps/system_packages.hpp).
bool is_system_file(const std::string& path)
{
  return path == "var/lib/dpkg/status" || path == "lib/apk/db/installed" || path == "etc/os-release" ||
         path == "usr/lib/os-release" || (path.starts_with("var/lib/dpkg/status.d/") && !path.ends_with(".md5sums"));
}

// A base layer is read first here (later builds use the facts cached by its digest), so this is where
// its content is checked against its name, the digest: a damaged base must not make a damaged image.
LayerFacts scan_layer(const fs::path& blob, const std::string& media_type)
{
  constexpr std::size_t k_max_system_file_size = 64 * 1024 * 1024;
  LayerFacts facts;
  layer::LayerReader reader(blob, media_type, blob.filename().string());
  static const std::regex k_python_directory(R"(^(usr/|usr/local/)?lib/python3\.[0-9]+/os\.py$)");
  while (archive_entry* entry = reader.next()) {
    std::string path = archive_entry_pathname(entry);
    if (path.starts_with("./")) {
      path = path.substr(2);
    }
    if (path.starts_with("/")) {
      path = path.substr(1);
    }
    if (path.ends_with("/os.py") && std::regex_match(path, k_python_directory)) {
      facts.python_directories.push_back(path.substr(0, path.size() - 6));
    } else if (path == "usr/local/bin/python3" || path == "usr/bin/python3") {
      facts.interpreters.push_back(path);
    } else if (path.find("ld-musl-") != std::string::npos && path.starts_with("lib/")) {
      facts.libc = Libc::musl;
    } else if (facts.libc == Libc::unknown && path.ends_with("/libc.so.6")) {
      facts.libc = Libc::glibc;
    } else if (archive_entry_filetype(entry) == AE_IFREG && is_system_file(path)) {
      facts.system_files[path] = reader.content(k_max_system_file_size);
    }
  }
  return facts;
}

// The X.Y.Z of the interpreter the package manager installed: Debian's pythonX.Y-minimal (or pythonX.Y)
// "3.11.2-6+deb12u6", Alpine's python3 "3.11.6-r0"; empty when no package gives it.
std::string packaged_python_version(const std::vector<SystemPackage>& packages, const std::string& version)
{
  static const std::regex k_upstream(R"(^(?:[0-9]+:)?([0-9]+\.[0-9]+\.[0-9]+))");
  for (const auto& package : packages) {
    bool interpreter = package.name == "python" + version + "-minimal" || package.name == "python" + version ||
                       (package.manager == "apk" && package.name == "python3");
    std::smatch match;
    if (interpreter && std::regex_search(package.version, match, k_upstream) && match[1].str().starts_with(version + ".")) {
      return match[1];
    }
  }
  return "";
}

// `base` completed with the facts inspect_base scanned from its layers, as it caches them:
// {"python_directories": [..], "interpreters": [..], "libc": "glibc", "distro": "debian-12",
//  "system_packages": [[manager, name, version, architecture]..]}. UsageError naming the field when a
// cached file is damaged.
BasePython with_facts(BasePython base, const nlohmann::json& facts)
{
  using util::JsonType;
  auto strings = [&](const char* key) {
    return util::json_string_array(util::required_json_field(facts, key, JsonType::array), key);
  };
  for (const auto& interpreter : strings("interpreters")) {
    auto path = "/" + interpreter;
    if (base.interpreter.empty() || path.starts_with("/usr/local/")) {
      base.interpreter = path;
    }
  }
  auto libc = util::required_json_field(facts, "libc", JsonType::string).get<std::string>();
  base.libc = libc == "musl" ? Libc::musl : libc == "glibc" ? Libc::glibc : Libc::unknown;
  if (const auto* packages = util::find_json_field(facts, "system_packages", JsonType::array)) {
    for (std::size_t i = 0; i < packages->size(); ++i) {
      auto name = "system_packages[" + std::to_string(i) + "]";
      auto fields = util::json_string_array((*packages)[i], name);
      if (fields.size() != 4) {
        throw UsageError(name + ": expected 4 strings, got " + std::to_string(fields.size()));
      }
      base.system_packages.push_back({fields[0], fields[1], fields[2], fields[3]});
    }
  }
  base.distro = util::json_string_field(facts, "distro");
  auto python_directories = strings("python_directories"); // checked even when the config names the version
  if (base.version.empty()) {
    for (const auto& directory : python_directories) {
      auto python = directory.rfind("python");
      if (python == std::string::npos) {
        throw UsageError("python_directories: " + directory + " is not a pythonX.Y directory");
      }
      base.version = directory.substr(python + 6);
      base.version_origin = directory + " in its layers";
    }
  }
  if (base.full_version.empty() && !base.version.empty()) {
    base.full_version = packaged_python_version(base.system_packages, base.version);
  }
  return base;
}

} // namespace

DependencyPlan plan_dependencies(DependencySource source, const std::string& prefix,
                                 const std::optional<fs::path>& generated_directory, bool compile)
{
  DependencyPlan plan;
  plan.site = scan_site_packages(source.site_packages, source.scripts_directory);
  plan.source = std::move(source);
  plan.prefix = prefix;
  plan.generated_directory = generated_directory;
  auto site = site_path(prefix, plan.source);
  auto bin = prefix.substr(1) + "/bin/";
  auto interpreter = prefix + "/bin/python3";
  auto scripts_directory = generated_scripts(plan);

  auto layer_of = dependency_layer_names(plan.site.distributions);
  std::map<std::string, DependencyLayer> layers;
  std::string shared_name(k_shared_layer);
  layers[shared_name].name = shared_name;
  auto add_script = [&](DependencyLayer& layer, const SiteFile& script) {
    auto file = plan.site.scripts_directory / script.path;
    auto entry = entry_for(file.string(), bin + script.path, &script.status);
    if (entry.type == layer::EntryType::regular) {
      if (auto rewritten = rewrite_shebang(file, interpreter)) {
        entry = generated_entry(scripts_directory, *rewritten, std::move(entry.path), entry.mode);
      }
    }
    layer.entries.push_back(std::move(entry));
  };
  auto site_directory = plan.site.directory.string() + "/";
  for (const auto& distribution : plan.site.distributions) {
    const auto& name = layer_of.at(distribution.key);
    auto& layer = layers[name];
    layer.name = name;
    layer.packages.push_back(distribution.name + " " + distribution.version);
    for (const auto& file : distribution.files) {
      layer.entries.push_back(entry_for(site_directory + file.path, site + "/" + file.path, &file.status));
    }
    for (const auto& script : distribution.scripts) {
      add_script(layer, script);
    }
  }
  auto& shared = layers[shared_name];
  for (const auto& file : plan.site.unowned_files) {
    shared.entries.push_back(entry_for(site_directory + file.path, site + "/" + file.path, &file.status));
  }
  for (const auto& script : plan.site.unowned_scripts) {
    add_script(shared, script);
  }
  std::string any_name(k_any_platform_layer);
  for (auto& [name, layer] : layers) {
    if (name != shared_name && name != any_name) {
      plan.layers.push_back(std::move(layer));
    }
  }
  if (layers.contains(any_name)) {
    plan.layers.push_back(std::move(layers[any_name]));
  }
  plan.layers.push_back(std::move(shared));
  if (compile) {
    compile_bytecode(plan);
  }
  return plan;
}

std::vector<layer::Entry> venv_skeleton(const DependencyPlan& plan, const BasePython& base)
{
  std::vector<layer::Entry> entries;
  auto bin = plan.prefix.substr(1) + "/bin/";
  auto interpreter = base.interpreter.empty() ? std::string("/usr/bin/python3") : base.interpreter;
  auto symlink = [&](std::string path, std::string target) {
    layer::Entry entry;
    entry.path = std::move(path);
    entry.type = layer::EntryType::symlink;
    entry.link_target = std::move(target);
    entry.mode = 0777;
    entries.push_back(std::move(entry));
  };
  symlink(bin + "python3", interpreter);
  symlink(bin + "python", "python3");
  symlink(bin + "python" + plan.source.python_version, "python3");
  std::string config = "home = " + fs::path(interpreter).parent_path().string() +
                       "\ninclude-system-site-packages = false\nversion = " +
                       (plan.source.python_full_version.empty() ? plan.source.python_version : plan.source.python_full_version) +
                       "\n";
  entries.push_back(generated_entry(generated_scripts(plan), config, plan.prefix.substr(1) + "/pyvenv.cfg", 0644));
  return entries;
}

BasePython inspect_base(const oci::ImageConfig& config, const std::vector<std::pair<fs::path, std::string>>& layers,
                        const fs::path& cache_directory)
{
  BasePython base;
  if (auto value = config.config.env_value("PYTHON_VERSION")) {
    static const std::regex k_version(R"(^([0-9]+\.[0-9]+).*)");
    std::smatch match;
    if (std::regex_match(*value, match, k_version)) {
      base.version = match[1];
      base.version_origin = "PYTHON_VERSION=" + *value + " in its config";
      static const std::regex k_full_version(R"(^[0-9]+\.[0-9]+\.[0-9]+)");
      if (std::regex_search(*value, match, k_full_version)) {
        base.full_version = match[0];
      }
    }
  }
  // Later layers win: a whiteout is not followed (rare for interpreters and libc).
  auto cache_file = base_cache_file(layers, cache_directory, "base facts 2", ".json");
  if (fs::is_regular_file(cache_file)) {
    try {
      return with_facts(base, nlohmann::json::parse(util::read_file(cache_file), nullptr, false));
    } catch (const UsageError& error) {
      log::verbose("scanning the base's layers again: " + cache_file.string() + " is damaged (" + error.message() + ")");
    }
  }
  nlohmann::json facts = {{"python_directories", nlohmann::json::array()}, {"interpreters", nlohmann::json::array()}, {"libc", "unknown"}};
  std::map<std::string, std::string> system_files; // a later layer's file replaces an earlier one's
  for (const auto& [blob, media_type] : layers) {
    auto layer = scan_layer(blob, media_type);
    for (auto& [path, content] : layer.system_files) {
      system_files[path] = std::move(content);
    }
    for (const auto& directory : layer.python_directories) {
      facts["python_directories"].push_back(directory);
    }
    for (const auto& interpreter : layer.interpreters) {
      facts["interpreters"].push_back(interpreter);
    }
    if (layer.libc != Libc::unknown) {
      facts["libc"] = to_string(layer.libc);
    }
  }
  std::vector<SystemPackage> system_packages;
  for (const auto& [path, content] : system_files) {
    auto found = path == "lib/apk/db/installed" ? parse_apk_installed(content)
                 : path.starts_with("var/lib/dpkg/") ? parse_dpkg_status(content)
                                                     : std::vector<SystemPackage>{};
    system_packages.insert(system_packages.end(), found.begin(), found.end());
  }
  facts["system_packages"] = nlohmann::json::array();
  for (const auto& package : system_packages) {
    facts["system_packages"].push_back({package.manager, package.name, package.version, package.architecture});
  }
  auto os_release = system_files.contains("etc/os-release") ? system_files["etc/os-release"] : system_files["usr/lib/os-release"];
  facts["distro"] = distro_of_os_release(os_release);
  util::create_directories(cache_file.parent_path());
  util::write_file_atomic(cache_file, facts.dump());
  return with_facts(std::move(base), facts);
}

void check_python(const DependencyPlan& plan, const BasePython& base, const std::string& base_name)
{
  auto fix = " (--allow-python-mismatch builds anyway)";
  if (base.version.empty()) {
    throw UsageError("the base image " + base_name + " has no Python (no PYTHON_VERSION in its config, no " +
                     "lib/pythonX.Y in its layers) for the dependencies of " + plan.source.describe() +
                     ": pick a python:" + plan.source.python_version + " base with --base-image" + fix);
  }
  if (base.version != plan.source.python_version) {
    std::string remedy = plan.source.kind == SourceKind::venv
                           ? "recreate it with python" + base.version + " -m venv, or pick a python:" +
                               plan.source.python_version + " base with --base-image"
                           : "pick a python:" + plan.source.python_version + " base, or a requires-python that names " +
                               base.version;
    throw UsageError("the dependencies are for Python " + plan.source.python_version + " (" + plan.source.describe() +
                     ") but the base image " + base_name + " has Python " + base.version + " (" + base.version_origin +
                     "): " + remedy + fix);
  }
  auto ours = "cp" + base.version.substr(0, 1) + base.version.substr(2);
  for (const auto& distribution : plan.site.distributions) {
    for (const auto& tag : distribution.wheel_tags) {
      auto python = tag.substr(0, tag.find('-'));
      auto rest = tag.substr(tag.find('-') + 1);
      auto abi = rest.substr(0, rest.find('-'));
      if (python.starts_with("cp") && abi != "abi3" && abi != "none" && python != ours) {
        throw UsageError("package " + distribution.name + " " + distribution.version + " is a wheel for " + python +
                         " (tag " + tag + ", in " + (plan.site.directory / distribution.metadata_directory).string() +
                         ") but the base image " + base_name + " has Python " + base.version +
                         ": install it for Python " + base.version + fix);
      }
    }
  }
}

void check_binaries(const std::vector<layer::Entry>& entries, const std::string& layer_name,
                    const oci::Platform& platform, Libc base_libc)
{
  auto fix = " (--allow-foreign-binaries builds anyway)";
  for (const auto& entry : entries) {
    bool too_small = entry.inode != 0 && entry.size < k_smallest_elf_file; // its status was taken
    if (entry.type != layer::EntryType::regular || entry.source.empty() || too_small) {
      continue;
    }
    auto elf = read_elf(entry.source);
    if (!elf) {
      continue;
    }
    auto arch = elf_architecture(*elf);
    if (arch != platform.architecture) {
      throw UsageError("'" + entry.source + "' (/" + entry.path + " in layer \"" + layer_name + "\") is an " +
                       arch + " ELF file but the image is for " + platform.str() +
                       ": install or build it for " + platform.architecture + ", or build the image for linux/" + arch +
                       " with --platform" + fix);
    }
    auto libc = elf->libc();
    if (base_libc != Libc::unknown && libc != Libc::unknown && libc != base_libc) {
      throw UsageError("'" + entry.source + "' (/" + entry.path + " in layer \"" + layer_name + "\") links " +
                       to_string(libc) + " but the base image's C library is " + to_string(base_libc) + ": use " +
                       (base_libc == Libc::musl ? "musllinux" : "manylinux") + " wheels, or a " +
                       (libc == Libc::musl ? "musl (Alpine)" : "glibc (Debian)") + " base" + fix);
    }
  }
}

void check_wheel_tags(const DependencyPlan& plan, const oci::Platform& platform, Libc base_libc)
{
  auto fix = " (--allow-foreign-binaries builds anyway)";
  auto arch = wheel_machine(platform);
  for (const auto& distribution : plan.site.distributions) {
    for (const auto& tag : distribution.wheel_tags) {
      auto platform_tag = tag.substr(tag.rfind('-') + 1);
      if (platform_tag == "any") {
        continue;
      }
      bool musl = platform_tag.starts_with("musllinux");
      bool arch_ok = arch.empty() || platform_tag.ends_with("_" + arch);
      bool libc_ok = base_libc == Libc::unknown || musl == (base_libc == Libc::musl);
      if (!arch_ok || !libc_ok) {
        throw UsageError("package " + distribution.name + " " + distribution.version + " is a wheel for " + platform_tag +
                         " (in " + (plan.site.directory / distribution.metadata_directory).string() +
                         ") which does not run on " + platform.str() + " with " + to_string(base_libc) +
                         ": install it for the image's platform" + fix);
      }
    }
  }
}

std::optional<std::pair<int, int>> libc_version(const BasePython& base)
{
  for (const auto& package : base.system_packages) {
    bool glibc = package.manager == "deb" && package.name == "libc6";
    bool musl = package.manager == "apk" && package.name == "musl";
    if (!glibc && !musl) {
      continue;
    }
    int major = 0;
    int minor = 0;
    // "2.36-9+deb12u4", "1.2.4-r2"
    if (std::sscanf(package.version.c_str(), "%d.%d", &major, &minor) == 2) {
      return std::pair{major, minor};
    }
  }
  return std::nullopt;
}

namespace {

// A lock's packages as a dry run lists them, with the wheel each would be installed from.
void format_locked(std::ostringstream& text, const DependencySource& source)
{
  if (source.installed) {
    text << "  staged: an unchanged lock installs and fetches nothing; the lock's " << source.locked.size() << " packages:\n";
  } else {
    text << "  not installed in a dry run; from the lock it would install " << source.locked.size() << " packages:\n";
  }
  for (const auto& package : source.locked) {
    text << "  " << package.name << " " << package.version << ": ";
    if (package.wheel) {
      text << package.wheel->name << " (" << package.tag << ")";
    } else if (package.sdist) {
      text << package.sdist->name << " (no wheel fits: the host's pip builds one)";
    } else {
      text << "a wheel from " << package.source << " with "
           << (package.hashes.size() == 1 ? "its hash" : "one of its " + std::to_string(package.hashes.size()) + " hashes");
    }
    text << (package.fetch.empty() ? "" : "; " + package.fetch) << "\n";
  }
}

} // namespace

std::string format_dependencies(const DependencyPlan& plan)
{
  std::ostringstream text;
  text << "Dependencies: " << plan.source.describe() << "\n";
  text << "  installed at " << plan.prefix << " (site-packages lib/python" << plan.source.python_version
       << "/site-packages, bin/ on PATH)\n";
  if (plan.source.kind == SourceKind::lock) {
    format_locked(text, plan.source);
    if (!plan.source.installed) {
      return text.str();
    }
  }
  if (!plan.source.installed) {
    text << "  pip is not run in a dry run; it would install:\n";
    for (const auto& requirement : plan.source.to_install) {
      text << "  " << requirement << "\n";
    }
    return text.str();
  }
  std::map<std::string, std::string> layer_of;
  for (const auto& layer : plan.layers) {
    for (const auto& package : layer.packages) {
      layer_of[package] = layer.name;
    }
  }
  for (const auto& distribution : plan.site.distributions) {
    auto package = distribution.name + " " + distribution.version;
    text << "  " << package << ": " << distribution.files.size() << " files, " << util::human_binary_size(distribution.bytes)
         << " -> " << layer_of[package] << "\n";
  }
  if (!plan.site.unowned_files.empty() || !plan.site.unowned_scripts.empty()) {
    text << "  (no distribution): " << plan.site.unowned_files.size() + plan.site.unowned_scripts.size() << " files, "
         << util::human_binary_size(plan.site.unowned_bytes) << " -> deps\n";
  }
  return text.str();
}

} // namespace pycontainer::deps
