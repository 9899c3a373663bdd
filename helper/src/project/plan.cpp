#include "project/plan.hpp"

#include "project/checks.hpp"
#include "project/config_file.hpp"
#include "project/default_tag.hpp"
#include "project/push_destinations.hpp"
#include "deps/declared.hpp"
#include "deps/distributions.hpp"
#include "layer/compressor.hpp"
#include "python/context_files.hpp"
#include "python/entrypoint.hpp"
#include "python/project_metadata.hpp"
#include "util/error.hpp"
#include "util/format.hpp"
#include "util/git_checkout.hpp"
#include "util/log.hpp"
#include "util/string.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <map>
#include <set>
#include <regex>
#include <cstdlib>
#include <ctime>
#include <sstream>
#include <utility>
#include <sys/stat.h>

namespace pycontainer::project {

namespace {

constexpr const char* k_default_workdir = "/app";
constexpr const char* k_default_output = "dist/image";
constexpr const char* k_default_python = "3.12";

std::string join(const std::vector<std::string>& words, const std::string& separator = " ")
{
  std::string joined;
  for (const auto& word : words) {
    joined += (joined.empty() ? "" : separator) + word;
  }
  return joined;
}

// The project's repository among its URLs: a Source or Repository entry (any case); `homepage`, the
// Homepage entry, is taken only after the git checkout's origin.
std::optional<std::string> project_url(const python::PyProject& project, bool homepage)
{
  const std::vector<std::string_view> keys = homepage ? std::vector<std::string_view>{"homepage"}
                                                      : std::vector<std::string_view>{"source", "source code", "repository", "code", "github"};
  for (auto key : keys) {
    for (const auto& [name, url] : project.urls) {
      if (util::iequals(name, key) && !url.empty()) {
        return url;
      }
    }
  }
  return std::nullopt;
}

// Labels and environment the project itself implies; the lowest-precedence settings source. The
// revision and, after the project's own URLs, the source come from the git checkout the context is in.
SettingsLayer detected_settings(const std::optional<python::PyProject>& project, const python::ProjectLayout& layout,
                                const std::string& workdir, const std::optional<util::GitCheckout>& checkout)
{
  SettingsLayer detected;
  std::vector<std::string> python_path;
  for (const auto& directory : layout.python_path) {
    python_path.push_back(directory == "." ? workdir : workdir + "/" + directory);
  }
  if (python_path.empty()) {
    python_path.push_back(workdir);
  }
  detected.env.emplace_back("PYTHONPATH", join(python_path, ":"));
  detected.env.emplace_back("PYTHONUNBUFFERED", "1");
  auto label = [&](const char* key, const std::optional<std::string>& value) {
    if (value && !value->empty()) {
      detected.labels.emplace_back(key, *value);
    }
  };
  std::optional<std::string> source;
  if (project) {
    label("org.opencontainers.image.title", project->name);
    label("org.opencontainers.image.version", project->version);
    label("org.opencontainers.image.description", project->description);
    label("org.opencontainers.image.licenses", project->license);
    label("org.opencontainers.image.authors", join(project->authors, ", "));
    source = project_url(*project, false);
  }
  if (checkout) {
    label("org.opencontainers.image.revision", checkout->revision);
    if (!source) {
      source = util::browsable_repository_url(checkout->origin_url);
    }
  }
  if (!source && project) {
    source = project_url(*project, true);
  }
  label("org.opencontainers.image.source", source);
  return detected;
}

// The members of the workspace are on PYTHONPATH: pip is not to look for them.
void drop_local_distributions(BuildPlan& plan)
{
  if (!plan.project) {
    return;
  }
  std::set<std::string> local;
  for (const auto& name : plan.workspace->local_distributions) {
    local.insert(deps::normalise_name(name));
  }
  std::erase_if(plan.project->dependencies, [&](const std::string& requirement) {
    auto name = deps::requirement_name(requirement);
    return name && local.contains(*name);
  });
}

// The tag without --tag: the project's NAME:VERSION, else the context directory's name; "latest" without
// a version. Both are made valid for a reference, and a change is told.
std::string default_tag(const std::optional<python::PyProject>& project, const std::filesystem::path& context)
{
  std::string name = project ? project->name : std::string();
  std::string repository = repository_component(name);
  if (repository.empty()) {
    name = context.filename().string();
    repository = repository_component(name);
    log::verbose("no name in the project's metadata: the default tag is named after the context directory");
  }
  if (repository.empty()) {
    throw UsageError("no image tag: neither the project's metadata nor the context directory's name '" + name
                     + "' gives an image name; pass --tag NAME:TAG");
  }
  std::string version = project ? project->version : std::string();
  std::string tag = tag_component(version);
  if (repository != name) {
    log::info("the default tag is named \"" + repository + "\": \"" + name
              + "\" is not a valid image name (lower-case a-z, 0-9 and . _ - only)");
  }
  if (!version.empty() && tag != version) {
    log::info("the default tag is \"" + tag + "\": version \"" + version
              + "\" is not a valid tag (A-Z, a-z, 0-9 and _ . - only)");
  }
  return repository + ":" + tag;
}

// A reference naming the image: NAME[:TAG], never a digest alone.
ref::Reference parse_tag(const std::string& tag)
{
  auto reference = with_context("tag", [&] { return ref::Reference::parse(tag); });
  if (reference.tag.empty()) {
    throw UsageError("tag \"" + tag + "\" has a digest and no tag; name the image with NAME:TAG");
  }
  return reference;
}

ref::Reference decide_tag(const SettingsLayer& settings, const std::optional<python::PyProject>& project,
                          const std::filesystem::path& context)
{
  return parse_tag(settings.tag ? *settings.tag : default_tag(project, context));
}

void count_file(LayerPlan& plan, const layer::Entry& entry)
{
  if (entry.type == layer::EntryType::regular) {
    ++plan.file_count;
    if (entry.inode != 0) { // the size was taken when the file was listed
      plan.bytes += entry.size;
      return;
    }
    std::error_code error;
    auto size = std::filesystem::file_size(entry.source, error);
    plan.bytes += error ? 0 : size;
  }
}

std::string default_base_image(const std::optional<python::PyProject>& project)
{
  std::optional<std::string> version;
  if (project) {
    version = python::minimum_python_version(project->requires_python);
  }
  return "python:" + version.value_or(k_default_python) + "-slim";
}

// The Python X.Y pip installs for when the base is not known: the one in the base's tag
// (python:3.11-slim), else requires-python's lowest, else the default. The base check verifies it.
std::string guess_target_python(const BuildPlan& plan)
{
  static const std::regex k_version(R"((^|[^0-9.])(3\.[0-9]+)([^0-9]|$))");
  auto tag = plan.base_argument.substr(plan.base_argument.rfind(':') == std::string::npos ? 0 : plan.base_argument.rfind(':'));
  std::smatch match;
  if (std::regex_search(tag, match, k_version)) {
    return match[2];
  }
  if (plan.project) {
    if (auto version = python::minimum_python_version(plan.project->requires_python)) {
      return *version;
    }
  }
  return k_default_python;
}

std::filesystem::path resolve_setting_path(const std::filesystem::path& context, const std::string& path)
{
  std::filesystem::path value(path);
  return value.is_absolute() ? value : context / value;
}

std::vector<std::string> environment_words(const char* name)
{
  std::vector<std::string> words;
  if (const char* value = std::getenv(name)) {
    std::istringstream stream(value);
    for (std::string word; stream >> word;) {
      words.push_back(word);
    }
  }
  return words;
}

// A find-links entry: a URL as it is, a path relative to `base`.
std::string find_links_entry(const std::filesystem::path& base, const std::string& link)
{
  return link.find("://") != std::string::npos ? link : resolve_setting_path(base, link).lexically_normal().string();
}

PackageIndexSettings index_settings(const SettingsLayer& settings, const std::filesystem::path& context)
{
  PackageIndexSettings index;
  if (settings.index_url) {
    index.index_url = *settings.index_url;
  } else if (const char* url = std::getenv("PIP_INDEX_URL"); url && *url) {
    index.index_url = url;
  }
  index.extra_index_urls = settings.extra_index_urls.value_or(environment_words("PIP_EXTRA_INDEX_URL"));
  if (settings.find_links) {
    for (const auto& link : *settings.find_links) {
      index.find_links.push_back(find_links_entry(context, link));
    }
  } else {
    for (const auto& link : environment_words("PIP_FIND_LINKS")) {
      index.find_links.push_back(find_links_entry(std::filesystem::current_path(), link));
    }
  }
  if (settings.no_index) {
    index.no_index = *settings.no_index;
  } else if (const char* value = std::getenv("PIP_NO_INDEX")) {
    std::string text = util::to_lower(value);
    index.no_index = text == "1" || text == "true" || text == "yes" || text == "on";
  }
  return index;
}

// "8000", "8000/tcp", "53/udp", "9000/sctp": a port 1-65535 and a known protocol.
void check_port(const std::string& port)
{
  auto slash = port.find('/');
  std::string_view number = std::string_view(port).substr(0, slash);
  unsigned value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  bool valid = !number.empty() && error == std::errc() && end == number.data() + number.size() && value >= 1 &&
               value <= 65535;
  if (slash != std::string::npos) {
    auto protocol = port.substr(slash + 1);
    valid = valid && (protocol == "tcp" || protocol == "udp" || protocol == "sctp");
  }
  if (!valid) {
    throw UsageError("exposed port \"" + port + "\" is not PORT[/PROTOCOL] with PORT 1-65535 and PROTOCOL tcp, udp "
                     "or sctp (e.g. 8000 or 53/udp)");
  }
}

void apply_compression(const CompressionRequest& request, layer::Options& options)
{
  using oci::media_type::Compression;
  if (request.method != "gzip" && request.method != "zstd" && request.method != "none") {
    throw UsageError("compression \"" + request.method + "\" is not one of gzip, zstd, none");
  }
  options.compression = request.method == "zstd"   ? Compression::zstd
                        : request.method == "none" ? Compression::none
                                                   : Compression::gzip;
  options.level = request.level.value_or(options.compression == Compression::zstd ? 3 : 6);
  // A bad level is reported now, not after the base image is read.
  layer::make_compressor(options.compression, options.level, [](const void*, std::size_t) {}, 1);
}

// The settings every plan has, with or without a project: platform, time and layer options.
void plan_common(BuildPlan& plan, const SettingsLayer& settings, const BuildRequest& request)
{
  plan.platforms = with_context("platform", [&] { return parse_platforms(settings.platform.value_or(k_default_platform)); });
  plan.all_platforms = plan.platforms.empty();
  plan.platform = plan.all_platforms ? oci::Platform::parse(k_default_platform) : plan.platforms.front();
  plan.reproducible = settings.reproducible.value_or(true);
  plan.timestamp = plan.reproducible ? reproducible_timestamp() : static_cast<std::int64_t>(std::time(nullptr));
  if (plan.reproducible) {
    plan.layer_options.fixed_mtime = plan.timestamp;
  }
  apply_compression(request.compression, plan.layer_options);
  plan.allow_python_mismatch = settings.allow_python_mismatch.value_or(false);
  plan.allow_foreign_binaries = settings.allow_foreign_binaries.value_or(false);
  plan.ignore_requires_python = settings.ignore_requires_python.value_or(false);
  plan.allow_missing_libraries = settings.allow_missing_libraries.value_or(false);
  plan.cache_directory = request.cache_directory;
}

void plan_tags(BuildPlan& plan, const BuildRequest& request)
{
  plan.tags = {plan.tag};
  for (const auto& text : request.also_tags) {
    auto reference = parse_tag(text);
    bool named = std::any_of(plan.tags.begin(), plan.tags.end(), [&](const auto& tag) { return tag.str() == reference.str(); });
    if (!named) {
      plan.tags.push_back(std::move(reference));
    }
  }
}

// The tags as written (the registry a reference leaves out is Docker Hub's, which a push must name).
std::vector<std::string> tag_texts(const SettingsLayer& settings, const BuildPlan& plan, const BuildRequest& request)
{
  std::vector<std::string> texts{settings.tag ? *settings.tag : plan.tag.str()};
  texts.insert(texts.end(), request.also_tags.begin(), request.also_tags.end());
  return texts;
}

void plan_outputs(BuildPlan& plan, const SettingsLayer& settings, const BuildRequest& request)
{
  auto texts = request.outputs;
  if (texts.empty()) {
    texts.push_back(settings.output.value_or(k_default_output));
  }
  for (auto& output : parse_outputs(texts)) {
    if (output.kind == OutputKind::layout) {
      plan.output = std::move(output.path);
    } else {
      plan.archives.push_back(std::move(output));
    }
  }
}

// What the project's dependencies name, for the choice of its server.
std::map<std::string, std::string> declared_distributions(const BuildPlan& plan, const SettingsLayer& settings)
{
  deps::DeclarationSources sources;
  sources.context = plan.context;
  if (settings.venv) {
    sources.venv = resolve_setting_path(plan.context, *settings.venv);
  }
  if (settings.requirements) {
    sources.requirements = resolve_setting_path(plan.context, *settings.requirements);
  }
  if (plan.project) {
    sources.project_dependencies = plan.project->dependencies;
    sources.poetry_dependencies = plan.project->poetry_dependencies;
  }
  return deps::declared_distributions(sources);
}

} // namespace

void plan_dependency_layers(BuildPlan& plan, const deps::BasePython& base, const deps::WheelProvider& wheels)
{
  plan_dependency_layers(plan, [&base]() -> const deps::BasePython& { return base; }, wheels);
}

void plan_dependency_layers(BuildPlan& plan, const std::function<const deps::BasePython&()>& base,
                            const deps::WheelProvider& wheels)
{
  if (!plan.include_deps) {
    return;
  }
  if (plan.cache_directory.empty()) {
    throw UsageError("no cache directory for the dependencies: set XDG_CACHE_HOME or HOME, or pass --cache-dir");
  }
  deps::SourceRequest request;
  request.context = plan.context;
  request.venv = plan.include_deps->venv;
  request.requirements = plan.include_deps->requirements;
  request.lock = plan.include_deps->lock;
  request.lock_selection = plan.include_deps->lock_selection;
  if (plan.project) {
    request.project_dependencies = plan.project->dependencies;
  }
  request.install_target = [&] {
    const auto& facts = base();
    return deps::InstallTarget{facts.version.empty() ? guess_target_python(plan) : facts.version, facts.full_version,
                               facts.libc, deps::libc_version(facts)};
  };
  auto workdir = plan.changes.workdir.value_or(k_default_workdir);
  std::string prefix = (workdir == "/" ? "" : workdir) + "/.venv";
  request.platform = plan.platform;
  request.cache_directory = plan.cache_directory;
  request.install = !plan.dry_run;
  request.wheels = wheels;
  request.interpreter = prefix + "/bin/python3";
  auto source = deps::find_dependency_source(request);
  if (!source) {
    report_no_dependencies(plan);
    return;
  }
  if (!source->installed) { // a dry run lists what pip or the lock would install
    plan.dependencies = deps::DependencyPlan{std::move(*source), {}, prefix, {}, {}};
    return;
  }
  auto generated = plan.dry_run ? std::nullopt : std::optional(plan.cache_directory / "deps" / "generated");
  plan.dependencies =
    deps::plan_dependencies(std::move(*source), prefix, generated, plan.include_deps->compile_bytecode && !plan.dry_run);
  std::vector<LayerPlan> layers;
  for (auto& dependency_layer : plan.dependencies->layers) {
    LayerPlan layer;
    layer.name = dependency_layer.name;
    for (const auto& entry : dependency_layer.entries) {
      count_file(layer, entry);
    }
    layer.entries = std::exchange(dependency_layer.entries, {});
    layers.push_back(std::move(layer));
  }
  plan.layers.insert(plan.layers.begin(), std::make_move_iterator(layers.begin()), std::make_move_iterator(layers.end()));
}

void finish_dependencies(BuildPlan& plan, const std::string& base_name, const deps::BasePython& base,
                         const oci::ImageConfig& base_config)
{
  if (!plan.dependencies) {
    return;
  }
  auto& dependencies = *plan.dependencies;
  if (!plan.allow_python_mismatch) {
    deps::check_python(dependencies, base, base_name.empty() ? "scratch" : base_name);
  } else if (base.version != dependencies.source.python_version) {
    log::warn("the dependencies are for Python " + dependencies.source.python_version + ", the base has Python " +
              (base.version.empty() ? "none" : base.version) + " (--allow-python-mismatch)");
  }
  if (!plan.allow_foreign_binaries) {
    deps::check_wheel_tags(dependencies, plan.platform, base.libc);
  }
  auto skeleton = deps::venv_skeleton(dependencies, base);
  for (auto& layer : plan.layers) {
    if (layer.name == dependencies.layers.back().name) {
      for (auto& entry : skeleton) {
        count_file(layer, entry);
        layer.entries.push_back(std::move(entry));
      }
    }
  }
  auto& env = plan.changes.env;
  bool path_set = std::any_of(env.begin(), env.end(), [](const auto& item) { return item.first == "PATH"; });
  if (!path_set) {
    auto base_path =
      base_config.config.env_value("PATH").value_or("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.emplace_back("PATH", dependencies.prefix + "/bin:" + base_path);
  }
  bool virtual_env_set = std::any_of(env.begin(), env.end(), [](const auto& item) { return item.first == "VIRTUAL_ENV"; });
  if (!virtual_env_set) {
    env.emplace_back("VIRTUAL_ENV", dependencies.prefix);
  }
}

LayerPlan plan_context_layer(std::vector<layer::Entry> context_entries, const std::string& workdir)
{
  LayerPlan plan;
  plan.name = "app";
  std::string prefix = workdir.substr(1);
  for (auto& entry : context_entries) {
    entry.path = prefix.empty() ? entry.path : prefix + "/" + entry.path;
    count_file(plan, entry);
    plan.entries.push_back(std::move(entry));
  }
  return plan;
}

namespace {

// Walks the files of a FILES group into layer entries. Without `dereference` symlinks stay symlinks,
// and each must point at a file packed at the same place relative to it in the image: a link whose
// target the group leaves behind, or an absolute one, would dangle in the image (Bazel's sandbox links
// every input), and is a UsageError naming it. With `dereference` links are packed as what they point
// to; a directory reached twice on one path is a loop.
class FilesLayerWalk {
public:
  FilesLayerWalk(LayerPlan& plan, std::string prefix, bool dereference)
      : m_plan(plan), m_prefix(std::move(prefix)), m_dereference(dereference)
  {
  }

  void add(const std::filesystem::path& source, const std::string& path)
  {
    struct stat info {};
    if ((m_dereference ? ::stat(source.c_str(), &info) : ::lstat(source.c_str(), &info)) != 0) {
      throw IoError(m_dereference ? "stat (following links)" : "stat", source.string(), errno);
    }
    layer::Entry entry;
    entry.path = m_prefix.empty() ? path : m_prefix + "/" + path;
    // Dereferenced, the source is the file itself: it is read as listed, never through a link.
    entry.source = m_dereference ? std::filesystem::canonical(source).string() : source.string();
    layer::set_status(entry, info);
    if (S_ISLNK(info.st_mode)) {
      entry.type = layer::EntryType::symlink;
      entry.link_target = std::filesystem::read_symlink(source).string();
      m_links.push_back(m_plan.entries.size());
    } else if (S_ISDIR(info.st_mode)) {
      entry.type = layer::EntryType::directory;
    } else {
      entry.type = layer::EntryType::regular;
    }
    m_image_path_of.emplace(source.lexically_normal().string(), entry.path);
    count_file(m_plan, entry);
    m_plan.entries.push_back(std::move(entry));
    if (S_ISDIR(info.st_mode)) {
      add_directory(source, path, {info.st_dev, info.st_ino});
    }
  }

  void check_links() const
  {
    for (std::size_t index : m_links) {
      const auto& entry = m_plan.entries[index];
      std::filesystem::path target(entry.link_target);
      std::string problem;
      if (target.is_absolute()) {
        problem = "an absolute path, which would name the image's own file, not this one";
      } else {
        auto source_target = (std::filesystem::path(entry.source).parent_path() / target).lexically_normal();
        auto image_target = (std::filesystem::path(entry.path).parent_path() / target).lexically_normal();
        auto packed = m_image_path_of.find(source_target.string());
        if (packed != m_image_path_of.end() && packed->second == image_target.string()) {
          continue;
        }
        problem = "'" + source_target.string() + "', which the layer does not pack beside it";
      }
      throw UsageError("file '" + entry.source + "' of layer \"" + m_plan.name + "\" is a symlink to '" +
                       entry.link_target + "': " + problem + "; name its target in the same FILES group, or pass "
                       "--dereference (DEREFERENCE in CMake) to pack the file it points to");
    }
  }

private:
  using FileId = std::pair<dev_t, ino_t>;

  void add_directory(const std::filesystem::path& directory, const std::string& path, FileId id)
  {
    if (m_dereference && std::find(m_open_directories.begin(), m_open_directories.end(), id) != m_open_directories.end()) {
      throw UsageError("directory '" + directory.string() + "' of layer \"" + m_plan.name +
                       "\" is reached again through a symlink inside it: a loop that --dereference cannot pack");
    }
    m_open_directories.push_back(id);
    for (const auto& item : std::filesystem::directory_iterator(directory)) {
      add(item.path(), path + "/" + item.path().filename().string());
    }
    m_open_directories.pop_back();
  }

  LayerPlan& m_plan;
  std::string m_prefix;
  bool m_dereference;
  std::vector<std::size_t> m_links;                         // indexes of symlink entries
  std::map<std::string, std::string> m_image_path_of;       // source path -> path in the image
  std::vector<FileId> m_open_directories;                   // the directories being walked, outermost first
};

} // namespace

LayerPlan plan_files_layer(const FileGroup& group)
{
  const auto& destination = group.destination;
  std::string name = group.name.empty() ? "files" : group.name;
  if (!destination.starts_with('/')) {
    throw UsageError("destination \"" + destination + "\" of layer \"" + name + "\" must be an absolute directory of the image");
  }
  LayerPlan plan;
  plan.name = std::move(name);
  plan.platform = group.platform;
  std::string prefix = std::filesystem::path(destination).lexically_normal().relative_path().string();
  while (prefix.ends_with('/')) {
    prefix.pop_back();
  }
  FilesLayerWalk walk(plan, prefix, group.dereference);
  for (const auto& file : group.files) {
    std::error_code error;
    if (!std::filesystem::exists(std::filesystem::symlink_status(file, error))) {
      throw UsageError("file '" + file.string() + "' of layer \"" + plan.name + "\" does not exist");
    }
    walk.add(std::filesystem::absolute(file), file.filename().string());
  }
  walk.check_links();
  return plan;
}

std::int64_t reproducible_timestamp()
{
  const char* text = std::getenv("SOURCE_DATE_EPOCH");
  if (!text) {
    return k_default_timestamp;
  }
  std::string_view value(text);
  std::int64_t seconds = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || seconds < 0) {
    throw UsageError("SOURCE_DATE_EPOCH=\"" + std::string(value) +
                     "\" is not a whole, non-negative number of seconds since 1970-01-01 (unset it or fix it)");
  }
  if (seconds > k_latest_timestamp) { // RFC 3339 has four-digit years
    throw UsageError("SOURCE_DATE_EPOCH=\"" + std::string(value) +
                     "\" is after 9999-12-31T23:59:59Z, the latest time an image's \"created\" can hold");
  }
  return seconds;
}

BuildPlan plan_build(const BuildRequest& request)
{
  BuildPlan plan;
  if (!std::filesystem::is_directory(request.context)) {
    throw UsageError(std::filesystem::exists(request.context)
                       ? "context '" + request.context.string() + "' is a file, not a directory (pass the project's "
                                                                    "directory with --context)"
                       : "context directory '" + request.context.string() + "' does not exist (set it with --context)");
  }
  plan.context = std::filesystem::canonical(request.context);
  plan.project = python::load_project(plan.context);

  SettingsLayer file_settings;
  auto config_file = request.config_file;
  if (!config_file && std::filesystem::is_regular_file(plan.context / "pycontainer.toml")) {
    config_file = plan.context / "pycontainer.toml";
  }
  if (config_file) {
    file_settings = load_config_file(*config_file);
  }
  plan.inputs.push_back(plan.context);
  if (plan.project) {
    plan.inputs.insert(plan.inputs.end(), plan.project->metadata_files.begin(), plan.project->metadata_files.end());
  }
  for (const char* file : {"pycontainer.toml", ".dockerignore", ".pycontainerignore"}) {
    if (std::filesystem::exists(plan.context / file)) {
      plan.inputs.push_back(plan.context / file);
    }
  }
  if (request.config_file) {
    plan.inputs.push_back(*request.config_file);
  }
  SettingsLayer tool_settings;
  if (plan.project && !plan.project->file.empty()) {
    tool_settings = load_tool_table(plan.project->file);
  }
  SettingsLayer settings = merge_settings({&request.command_line, &file_settings, &tool_settings});

  std::string workdir = settings.workdir.value_or(k_default_workdir);
  if (!workdir.starts_with('/')) {
    throw UsageError("workdir \"" + workdir + "\" must be an absolute path inside the image, e.g. /app");
  }
  while (workdir.size() > 1 && workdir.ends_with('/')) {
    workdir.pop_back();
  }
  plan.project_layout = python::detect_layout(plan.context, plan.project ? &*plan.project : nullptr);
  plan.workspace = python::find_workspace(plan.context, plan.project ? &*plan.project : nullptr, plan.project_layout);
  if (plan.workspace) {
    python::apply_workspace(*plan.workspace, plan.project, plan.project_layout, settings.entrypoint || settings.cmd);
    drop_local_distributions(plan);
    plan.inputs.insert(plan.inputs.end(), plan.workspace->metadata_files.begin(), plan.workspace->metadata_files.end());
  }
  auto checkout = util::find_git_checkout(plan.context);
  if (checkout) {
    plan.label_inputs = checkout->files;
  }
  SettingsLayer detected = detected_settings(plan.project, plan.project_layout, workdir, checkout);
  settings = merge_settings({&settings, &detected});

  plan.tag = decide_tag(settings, plan.project, plan.context);
  plan_tags(plan, request);
  plan.push = settings.push.value_or(false);
  plan.push_to = push_destinations(plan.tags, settings.registry_url);
  if (plan.push) {
    check_push_registry(tag_texts(settings, plan, request), settings.registry_url);
  }
  plan.dry_run = settings.dry_run.value_or(false);
  plan.verbose = settings.verbose.value_or(false);
  plan.no_cache = settings.no_cache.value_or(false);
  plan_outputs(plan, settings, request);
  plan_common(plan, settings, request);
  plan.base_argument = settings.base_image.value_or(default_base_image(plan.project));
  plan.base_source = parse_base_source(plan.base_argument);
  if (settings.include_deps.value_or(false)) {
    DependencySettings dependencies;
    if (settings.venv) {
      dependencies.venv = resolve_setting_path(plan.context, *settings.venv);
    }
    if (settings.requirements) {
      dependencies.requirements = resolve_setting_path(plan.context, *settings.requirements);
    }
    if (settings.lock) {
      dependencies.lock = resolve_setting_path(plan.context, *settings.lock);
    }
    for (const auto& extra : settings.extras.value_or(std::vector<std::string>{})) {
      dependencies.lock_selection.extras.push_back(deps::normalise_name(extra));
    }
    for (const auto& group : settings.groups.value_or(std::vector<std::string>{})) {
      dependencies.lock_selection.groups.push_back(deps::normalise_name(group));
    }
    dependencies.index = index_settings(settings, plan.context);
    dependencies.compile_bytecode = settings.compile_bytecode.value_or(false);
    plan.include_deps = dependencies;
  }
  if (settings.sbom) {
    plan.sbom = sbom::parse_format(*settings.sbom);
  }

  std::vector<layer::Entry> context_entries;
  if (request.collect_files) {
    python::FileSelection selection{settings.include.value_or(std::vector<std::string>{}),
                                    settings.exclude.value_or(std::vector<std::string>{}),
                                    {}};
    if (!plan.output.empty()) {
      selection.outputs.push_back({plan.output, "the output layout"});
    }
    for (const auto& archive : plan.archives) {
      selection.outputs.push_back({archive.path, "an output archive"});
    }
    if (!plan.cache_directory.empty()) {
      selection.outputs.push_back({plan.cache_directory, "the cache directory"});
    }
    auto files = python::collect_context_files(plan.context, selection);
    context_entries = std::move(files.entries);
    plan.left_out = std::move(files.left_out);
    plan.layers.push_back(plan_context_layer(context_entries, workdir));
  }
  for (const auto& group : request.file_groups) {
    plan.layers.push_back(plan_files_layer(group));
  }

  auto& changes = plan.changes;
  changes.workdir = workdir;
  changes.user = settings.user;
  changes.env = settings.env;
  changes.labels.insert(settings.labels.begin(), settings.labels.end());
  changes.cmd = settings.cmd;
  if (settings.entrypoint) {
    changes.entrypoint = settings.entrypoint;
    plan.entrypoint_reason = "set explicitly";
  } else if (settings.cmd) {
    plan.entrypoint_reason = "none set; the command is the explicit cmd";
  } else if (request.collect_files && request.detect_entrypoint) {
    std::vector<std::string> python_files;
    for (const auto& entry : context_entries) {
      if (entry.type == layer::EntryType::regular && entry.path.ends_with(".py")) {
        python_files.push_back(entry.path);
      }
    }
    auto inferred = python::infer_entrypoint(plan.context, plan.project ? &*plan.project : nullptr,
                                             plan.project_layout, python_files, workdir, declared_distributions(plan, settings));
    changes.entrypoint = inferred.argv;
    plan.entrypoint_reason = inferred.reason;
    plan.framework = inferred.framework;
    if (!plan.framework.empty() && !changes.labels.contains(k_framework_label)) {
      changes.labels[k_framework_label] = plan.framework;
    }
    for (auto& variable : inferred.env) {
      auto& env = changes.env;
      if (std::none_of(env.begin(), env.end(), [&](const auto& item) { return item.first == variable.first; })) {
        env.push_back(std::move(variable));
      }
    }
    if (inferred.port && !settings.expose) {
      changes.exposed_ports.push_back(std::to_string(*inferred.port));
    }
  }
  if (settings.expose) {
    for (const auto& port : *settings.expose) {
      check_port(port);
    }
    changes.exposed_ports = *settings.expose;
  }
  return plan;
}

BuildPlan plan_file_layers(const BuildRequest& request)
{
  BuildPlan plan;
  plan_common(plan, request.command_line, request);
  for (const auto& group : request.file_groups) {
    plan.layers.push_back(plan_files_layer(group));
  }
  return plan;
}

std::string format_plan(const BuildPlan& plan)
{
  std::ostringstream text;
  std::vector<std::string> names;
  for (const auto& tag : plan.tags) {
    names.push_back(tag.str());
  }
  text << "Image:       " << (names.empty() ? plan.tag.str() : join(names, ", ")) << '\n';
  bool named = plan.project && !plan.project->name.empty();
  text << "Name:        " << (named ? plan.project->name + " (from " + plan.project->name_origin + ")"
                                    : std::string("(none in the project's metadata)"))
       << '\n';
  if (plan.project && !plan.project->version.empty()) {
    text << "Version:     " << plan.project->version << " (from " << plan.project->version_origin << ")\n";
  } else {
    bool why = plan.project && !plan.project->version_origin.empty();
    text << "Version:     (none" << (why ? ": " + plan.project->version_origin : std::string(" in the project's metadata"))
         << ")\n";
  }
  std::vector<std::string> outputs;
  if (!plan.output.empty()) {
    outputs.push_back(plan.output.string());
  }
  for (const auto& archive : plan.archives) {
    outputs.push_back(std::string(to_string(archive.kind)) + ":" + archive.path.string());
  }
  text << "Output:      " << join(outputs, ", ") << '\n';
  if (plan.push) {
    std::vector<std::string> destinations;
    for (const auto& destination : plan.push_to) {
      destinations.push_back(destination.str());
    }
    text << "Push:        " << join(destinations, ", ") << '\n';
  }
  text << "Base:        " << plan.base_argument << '\n';
  if (plan.project && !plan.project->requires_python.empty()) {
    text << "Python:      " << plan.project->requires_python << " (from " << plan.project->requires_python_origin
         << (plan.ignore_requires_python ? "; not checked, --ignore-requires-python" : "; checked against the base's")
         << ")\n";
  }
  text << "Platform:    ";
  if (plan.all_platforms) {
    text << "all of the base's";
  }
  for (std::size_t i = 0; i < plan.platforms.size(); ++i) {
    text << (i == 0 ? "" : ", ") << plan.platforms[i].str();
  }
  text << (plan.platforms.size() > 1 ? " (an image index)" : "") << '\n';
  text << "Context:     " << plan.context.string() << " (" << python::to_string(plan.project_layout.kind) << " layout)\n";
  if (plan.workspace) {
    text << "Workspace:   " << plan.workspace->kind << (plan.workspace->virtual_root ? ", no project at its root" : "") << '\n';
    for (const auto& member : plan.workspace->members) {
      text << "  " << member.directory << " (" << member.declared_in << "; "
           << (member.layout.python_path.empty() ? std::string("nothing to import") : "imports from " + join(member.layout.python_path, ", "))
           << ")\n";
    }
  }
  text << "Entrypoint:  " << (plan.changes.entrypoint ? join(*plan.changes.entrypoint) : std::string("(base image's)"))
       << "\n             (" << plan.entrypoint_reason << ")\n";
  if (plan.changes.cmd && !plan.changes.cmd->empty()) {
    text << "Cmd:         " << join(*plan.changes.cmd) << '\n';
  }
  text << "Framework:   " << (plan.framework.empty() ? "none detected" : plan.framework) << '\n';
  text << "Ports:       " << (plan.changes.exposed_ports.empty() ? "none" : join(plan.changes.exposed_ports, ", ")) << '\n';
  text << "Workdir:     " << plan.changes.workdir.value_or("") << '\n';
  if (plan.changes.user) {
    text << "User:        " << *plan.changes.user << '\n';
  }
  text << "Env:\n";
  for (const auto& [key, value] : plan.changes.env) {
    text << "  " << key << '=' << value << '\n';
  }
  if (!plan.changes.labels.empty()) {
    text << "Labels:\n";
    for (const auto& [key, value] : plan.changes.labels) {
      text << "  " << key << '=' << value << '\n';
    }
  }
  text << "Created:     " << oci::rfc3339_utc(plan.timestamp) << (plan.reproducible ? " (reproducible)" : "") << '\n';
  if (plan.dependencies) {
    text << deps::format_dependencies(*plan.dependencies);
  }
  for (std::size_t i = 0; i < plan.left_out.size(); ++i) {
    text << (i == 0 ? "Left out:    " : "             ") << plan.left_out[i].path << " (" << plan.left_out[i].what
         << ")\n";
  }
  text << "Layers:\n";
  for (const auto& layer : plan.layers) {
    text << "  " << layer.name << ": " << layer.file_count << (layer.file_count == 1 ? " file, " : " files, ")
         << util::human_binary_size(layer.bytes);
    if (layer.platform) {
      text << " (" << layer.platform->str() << " only)";
    }
    text << '\n';
  }
  return text.str();
}

std::vector<oci::Platform> parse_platforms(const std::string& text)
{
  std::vector<oci::Platform> platforms;
  std::vector<std::string> items;
  for (auto part : util::split(text, ',')) {
    auto item = util::trim(part);
    if (item.empty()) {
      throw UsageError("\"" + text + "\" has an empty platform; separate platforms with one comma (linux/amd64,linux/arm64)");
    }
    items.emplace_back(item);
  }
  if (items.size() == 1 && items.front() == "all") {
    return platforms;
  }
  for (const auto& item : items) {
    if (item == "all") {
      throw UsageError("\"" + text + "\": \"all\" (every platform of the base) goes alone, without other platforms");
    }
    auto platform = oci::Platform::parse(item);
    if (std::find(platforms.begin(), platforms.end(), platform) != platforms.end()) {
      throw UsageError("\"" + text + "\" names platform " + platform.str() + " twice");
    }
    platforms.push_back(std::move(platform));
  }
  return platforms;
}

} // namespace pycontainer::project
