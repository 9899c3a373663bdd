#include "cli/build_settings.hpp"

#include "cli/command.hpp"
#include "util/error.hpp"
#include "util/thread_budget.hpp"

namespace pycontainer::cli {

namespace {

// An option given with an empty value is a mistake (an unset shell variable, say), not a request for the
// default: `--tag ""` must not quietly build <name>:<version>.
const CLI::Validator k_not_empty(
  [](const std::string& value) {
    return value.empty() ? std::string("an empty value; give one, or leave the option out for the default")
                         : std::string();
  },
  "", "not empty");

} // namespace

void add_build_settings_options(CLI::App& command, BuildSettingsArguments& arguments)
{
  command
    .add_option("--tag,-t", arguments.tags,
                "Image reference NAME[:TAG], repeatable: every one names the image (default: "
                "<project.name>:<project.version>)")
    ->check(k_not_empty)
    ->allow_extra_args(false);
  command.add_option("--context", arguments.context, "The project directory")->check(k_not_empty)->capture_default_str();
  command.add_option("--base-image", arguments.base_image,
                     "scratch, oci:DIR[:REF], oci-archive:FILE[:REF] or a registry reference (default: python:X.Y-slim "
                     "from requires-python)")
    ->check(k_not_empty);
  command.add_option("--workdir", arguments.workdir, "Where the project goes in the image (default: /app)")->check(k_not_empty);
  command.add_option("--env", arguments.env, "K=V, repeatable");
  command.add_option("--label", arguments.labels, "K=V, repeatable");
  command.add_option("--entrypoint", arguments.entrypoint, "The command, as words or a JSON array (default: detected)");
  command.add_option("--cmd", arguments.cmd, "Default arguments, as words or a JSON array");
  command.add_option("--user", arguments.user, "User (and group) the image runs as")->check(k_not_empty);
  command.add_option("--expose", arguments.expose, "Port to expose (8000 or 8000/udp), repeatable");
  command.add_option("--include", arguments.include, "Only these context paths go into the image, repeatable");
  command.add_option("--exclude", arguments.exclude, "Glob of context paths to leave out (gitignore syntax), repeatable");
  command
    .add_option("--platform", arguments.platforms,
                "os/arch[/variant] (default: linux/amd64); several (comma-separated or repeated) or `all` (every "
                "platform of the base's index) build an image index with one image per platform")
    ->check(k_not_empty)
    ->allow_extra_args(false);
  command
    .add_option("--output", arguments.outputs,
                "DIR (an OCI image layout), oci-archive:FILE or docker-archive:FILE; repeatable (default: dist/image)")
    ->check(k_not_empty)
    ->allow_extra_args(false);
  command.add_option("--config,-c", arguments.config, "A pycontainer.toml (default: <context>/pycontainer.toml if present)")->check(k_not_empty);
  command.add_flag("--no-reproducible", arguments.no_reproducible, "Keep real file times and use the current time");
  command.add_flag("--ignore-requires-python", arguments.ignore_requires_python,
                   "Build although the project's requires-python excludes the base's Python");
  command.add_option("--sbom", arguments.sbom,
                     "Attach an SBOM of the image to the layout as <tag>.sbom: spdx (SPDX 2.3) or cyclonedx (1.5)")->check(k_not_empty);
}

void add_dependency_options(CLI::App& command, BuildSettingsArguments& arguments)
{
  command.add_flag("--include-deps", arguments.include_deps,
                   "Pack the dependencies (a virtualenv, else requirements installed by pip) into layers of their own");
  command.add_option("--venv", arguments.venv, "The virtualenv to take them from (default: .venv, venv or env in the context)");
  command.add_option("--requirements", arguments.requirements,
                     "Requirements file pip installs for the image (default: requirements.txt, else [project.dependencies])");
  command.add_option("--lock", arguments.lock,
                     "Lock file to install from: uv.lock, poetry.lock, pdm.lock, Pipfile.lock, pylock.toml or a hashed "
                     "requirements file (default: one in the context)")
    ->check(k_not_empty);
  command.add_option("--index-url", arguments.index_url,
                     "The package index (PEP 503/691) a lock's wheels are looked up in when it names no URL (default: "
                     "PIP_INDEX_URL, else https://pypi.org/simple)")
    ->check(k_not_empty);
  command.add_option("--extra-index-url", arguments.extra_index_urls,
                     "Another index, repeatable (default: PIP_EXTRA_INDEX_URL, space-separated)")
    ->check(k_not_empty);
  command.add_option("--find-links", arguments.find_links,
                     "A directory of wheels (or a page of links) to look in too, repeatable (default: PIP_FIND_LINKS)")
    ->check(k_not_empty);
  command.add_flag("--no-index", arguments.no_index, "Ask no index, only --find-links and the cache (default: PIP_NO_INDEX)");
  command.add_option("--extra", arguments.extras, "An extra of the project a lock installs, repeatable")->check(k_not_empty);
  command.add_option("--group", arguments.groups, "A dependency group a lock installs, repeatable")->check(k_not_empty);
  command.add_flag("--compile-bytecode", arguments.compile_bytecode,
                   "Precompile the dependencies' .pyc (unchecked-hash) with a pythonX.Y of the base's version");
  command.add_flag("--allow-python-mismatch", arguments.allow_python_mismatch,
                   "Build although the dependencies' Python X.Y is not the base's");
  command.add_flag("--allow-foreign-binaries", arguments.allow_foreign_binaries,
                   "Build although ELF files do not fit the platform or the base's C library");
  add_link_check_options(command, arguments);
}

void add_link_check_options(CLI::App& command, BuildSettingsArguments& arguments)
{
  command.add_flag("--allow-missing-libraries", arguments.allow_missing_libraries,
                   "Build although the image's loader would not find a library an ELF file needs (a warning)");
}

void add_compression_options(CLI::App& command, BuildSettingsArguments& arguments)
{
  command
    .add_option_function<unsigned>(
      "--threads", [](unsigned threads) { util::set_thread_budget(threads); },
      "Threads the build keeps busy at once, shared by the layers packed at once and their compression "
      "(default, or 0: one per core)")
    ->check(CLI::Range(0u, 1024u));
  command.add_option("--compression", arguments.compression, "Layer compression: gzip, zstd or none")
    ->check(CLI::IsMember({"gzip", "zstd", "none"}))
    ->capture_default_str();
  command.add_option("--compression-level", arguments.compression_level, "gzip 0-9 (default 6), zstd 1-19 (default 3)");
}

void add_files_options(CLI::App& command, BuildSettingsArguments& arguments)
{
  auto* files = command.add_option("--files", arguments.files,
                                   "Files and directories for a layer of their own (build outputs), with --destination; "
                                   "repeatable");
  command.add_option("--destination", arguments.destinations,
                     "The absolute image directory the --files before it go to; one per --files");
  // Read as it is parsed, to know which --files group it follows: CLI11 separates the groups of
  // --files by empty results, so the groups so far are the runs of other results.
  command
    .add_option_function<std::string>(
      "--files-platform",
      [&arguments, files](const std::string& platform) {
        const auto& results = files->results();
        std::size_t groups = 0;
        for (std::size_t i = 0; i < results.size(); ++i) {
          groups += !results[i].empty() && (i == 0 || results[i - 1].empty()) ? 1 : 0;
        }
        arguments.files_platforms.emplace_back(groups, platform);
      },
      "os/arch[/variant]: the --files before it go into that platform's image only (one of --platform), the "
      "outputs of a cross-compiled build; default: every platform's")
    ->check(k_not_empty)
    ->trigger_on_parse();
  command.add_flag("--dereference", arguments.dereference,
                   "Pack what symlinks among --files point to, not the links (inputs a build system links, as Bazel does)");
}

void add_also_tag_option(CLI::App& command, BuildSettingsArguments& arguments)
{
  command.add_option("--also-tag", arguments.also_tags, "Another reference for the same image, repeatable");
}

project::BuildRequest to_request(const BuildSettingsArguments& arguments)
{
  project::BuildRequest request;
  request.context = arguments.context;
  if (!arguments.config.empty()) {
    request.config_file = arguments.config;
  }
  auto& settings = request.command_line;
  if (!arguments.tags.empty()) {
    settings.tag = arguments.tags.front();
  }
  settings.base_image = unless_empty(arguments.base_image);
  settings.workdir = unless_empty(arguments.workdir);
  settings.entrypoint = parse_optional_command(arguments.entrypoint, "--entrypoint");
  settings.cmd = parse_optional_command(arguments.cmd, "--cmd");
  settings.user = unless_empty(arguments.user);
  if (!arguments.platforms.empty()) {
    std::string joined;
    for (const auto& platform : arguments.platforms) {
      joined += (joined.empty() ? "" : ",") + platform;
    }
    settings.platform = joined; // split again by the plan (project::parse_platforms)
  }
  if (arguments.outputs.size() == 1) {
    settings.output = arguments.outputs.front();
  }
  request.outputs = arguments.outputs;
  settings.expose = unless_empty(arguments.expose);
  settings.include = unless_empty(arguments.include);
  settings.exclude = unless_empty(arguments.exclude);
  settings.env = parse_key_values(arguments.env, "--env");
  settings.labels = parse_key_values(arguments.labels, "--label");
  settings.sbom = unless_empty(arguments.sbom);
  if (arguments.no_reproducible) {
    settings.reproducible = false;
  }
  if (arguments.ignore_requires_python) {
    settings.ignore_requires_python = true;
  }
  // Paths given on the command line are the caller's; those of config files are the context's.
  auto absolute = [](const std::string& path) -> std::optional<std::string> {
    if (path.empty()) {
      return std::nullopt;
    }
    return std::filesystem::absolute(path).lexically_normal().string();
  };
  if (arguments.include_deps || !arguments.venv.empty() || !arguments.requirements.empty() || !arguments.lock.empty()) {
    settings.include_deps = true;
  }
  settings.venv = absolute(arguments.venv);
  settings.requirements = absolute(arguments.requirements);
  settings.lock = absolute(arguments.lock);
  settings.extras = unless_empty(arguments.extras);
  settings.groups = unless_empty(arguments.groups);
  settings.index_url = unless_empty(arguments.index_url);
  settings.extra_index_urls = unless_empty(arguments.extra_index_urls);
  if (!arguments.find_links.empty()) {
    std::vector<std::string> links;
    for (const auto& link : arguments.find_links) {
      links.push_back(link.find("://") == std::string::npos ? *absolute(link) : link);
    }
    settings.find_links = links;
  }
  if (arguments.no_index) {
    settings.no_index = true;
  }
  if (arguments.compile_bytecode) {
    settings.compile_bytecode = true;
  }
  if (arguments.allow_python_mismatch) {
    settings.allow_python_mismatch = true;
  }
  if (arguments.allow_foreign_binaries) {
    settings.allow_foreign_binaries = true;
  }
  if (arguments.allow_missing_libraries) {
    settings.allow_missing_libraries = true;
  }
  request.compression = {arguments.compression, arguments.compression_level};
  if (arguments.files.size() != arguments.destinations.size()) {
    throw UsageError("each --files needs a --destination, the directory of the image they go to (" +
                     std::to_string(arguments.files.size()) + " --files, " +
                     std::to_string(arguments.destinations.size()) + " --destination)");
  }
  for (std::size_t group = 0; group < arguments.files.size(); ++group) {
    std::vector<std::filesystem::path> files(arguments.files[group].begin(), arguments.files[group].end());
    // Named as pycontainer_image() names its FILES layers, so both front ends write the same history.
    request.file_groups.push_back(
        {"files-" + std::to_string(group), std::move(files), arguments.destinations[group], arguments.dereference});
  }
  for (const auto& [groups_before, platform] : arguments.files_platforms) {
    if (groups_before == 0) {
      throw UsageError("--files-platform " + platform + " follows no --files: give it after the --files group "
                       "whose image it names");
    }
    auto& group = request.file_groups[groups_before - 1];
    if (group.platform) {
      throw UsageError("--files-platform given twice for the --files of " + group.destination + " (" +
                       group.platform->str() + " and " + platform + "): a group goes into one platform's image, or "
                       "into every platform's without --files-platform");
    }
    group.platform = with_context("--files-platform", [&] { return oci::Platform::parse(platform); });
  }
  request.also_tags.assign(arguments.tags.size() > 1 ? arguments.tags.begin() + 1 : arguments.tags.end(),
                           arguments.tags.end());
  request.also_tags.insert(request.also_tags.end(), arguments.also_tags.begin(), arguments.also_tags.end());
  return request;
}

} // namespace pycontainer::cli
