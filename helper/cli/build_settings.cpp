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
}

build::BuildRequest to_request(const BuildSettingsArguments& arguments)
{
  build::BuildRequest request;
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
  if (arguments.no_reproducible) {
    settings.reproducible = false;
  }
  return request;
}

} // namespace pycontainer::cli
