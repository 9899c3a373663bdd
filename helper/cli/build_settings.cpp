#include "cli/build_settings.hpp"

#include "cli/command.hpp"

namespace pycontainer::cli {

void add_build_settings_options(CLI::App& command, BuildSettingsArguments& arguments)
{
  command.add_option("--tag,-t", arguments.tag, "Image reference NAME[:TAG] (default: <project.name>:<project.version>)");
  command.add_option("--context", arguments.context, "The project directory")->capture_default_str();
  command.add_option("--base-image", arguments.base_image,
                     "scratch, oci:DIR[:REF], oci-archive:FILE[:REF] or a registry reference (default: python:X.Y-slim "
                     "from requires-python)");
  command.add_option("--workdir", arguments.workdir, "Where the project goes in the image (default: /app)");
  command.add_option("--env", arguments.env, "K=V, repeatable");
  command.add_option("--label", arguments.labels, "K=V, repeatable");
  command.add_option("--entrypoint", arguments.entrypoint, "The command, as words or a JSON array (default: detected)");
  command.add_option("--cmd", arguments.cmd, "Default arguments, as words or a JSON array");
  command.add_option("--user", arguments.user, "User (and group) the image runs as");
  command.add_option("--expose", arguments.expose, "Port to expose (8000 or 8000/udp), repeatable");
  command.add_option("--include", arguments.include, "Only these context paths go into the image, repeatable");
  command.add_option("--exclude", arguments.exclude, "Glob of context paths to leave out (gitignore syntax), repeatable");
  command.add_option("--platform", arguments.platform, "os/arch[/variant] (default: linux/amd64)");
  command.add_option("--output", arguments.output, "The OCI image layout to write (default: dist/image)");
  command.add_option("--config", arguments.config, "A pycontainer.toml (default: <context>/pycontainer.toml if present)");
  command.add_flag("--no-reproducible", arguments.no_reproducible, "Keep real file times and use the current time");
  command.add_option("--sbom", arguments.sbom,
                     "Attach an SBOM of the image to the layout as <tag>.sbom: spdx (SPDX 2.3) or cyclonedx (1.5)");
}

void add_dependency_options(CLI::App& command, BuildSettingsArguments& arguments)
{
  command.add_flag("--include-deps", arguments.include_deps,
                   "Pack the dependencies (a virtualenv, else requirements installed by pip) into layers of their own");
  command.add_option("--venv", arguments.venv, "The virtualenv to take them from (default: .venv, venv or env in the context)");
  command.add_option("--requirements", arguments.requirements,
                     "Requirements file pip installs for the image (default: requirements.txt, else [project.dependencies])");
  command.add_flag("--compile-bytecode", arguments.compile_bytecode,
                   "Precompile the dependencies' .pyc (unchecked-hash) with a pythonX.Y of the base's version");
  command.add_flag("--allow-python-mismatch", arguments.allow_python_mismatch,
                   "Build although the dependencies' Python X.Y is not the base's");
  command.add_flag("--allow-foreign-binaries", arguments.allow_foreign_binaries,
                   "Build although ELF files do not fit the platform or the base's C library");
}

project::BuildRequest to_request(const BuildSettingsArguments& arguments)
{
  project::BuildRequest request;
  request.context = arguments.context;
  if (!arguments.config.empty()) {
    request.config_file = arguments.config;
  }
  auto& settings = request.command_line;
  settings.tag = unless_empty(arguments.tag);
  settings.base_image = unless_empty(arguments.base_image);
  settings.workdir = unless_empty(arguments.workdir);
  settings.entrypoint = parse_optional_command(arguments.entrypoint, "--entrypoint");
  settings.cmd = parse_optional_command(arguments.cmd, "--cmd");
  settings.user = unless_empty(arguments.user);
  settings.platform = unless_empty(arguments.platform);
  settings.output = unless_empty(arguments.output);
  settings.expose = unless_empty(arguments.expose);
  settings.include = unless_empty(arguments.include);
  settings.exclude = unless_empty(arguments.exclude);
  settings.env = parse_key_values(arguments.env, "--env");
  settings.labels = parse_key_values(arguments.labels, "--label");
  settings.sbom = unless_empty(arguments.sbom);
  if (arguments.no_reproducible) {
    settings.reproducible = false;
  }
  // Paths given on the command line are the caller's; those of config files are the context's.
  auto absolute = [](const std::string& path) -> std::optional<std::string> {
    if (path.empty()) {
      return std::nullopt;
    }
    return std::filesystem::absolute(path).lexically_normal().string();
  };
  if (arguments.include_deps || !arguments.venv.empty() || !arguments.requirements.empty()) {
    settings.include_deps = true;
  }
  settings.venv = absolute(arguments.venv);
  settings.requirements = absolute(arguments.requirements);
  if (arguments.compile_bytecode) {
    settings.compile_bytecode = true;
  }
  if (arguments.allow_python_mismatch) {
    settings.allow_python_mismatch = true;
  }
  if (arguments.allow_foreign_binaries) {
    settings.allow_foreign_binaries = true;
  }
  return request;
}

} // namespace pycontainer::cli
