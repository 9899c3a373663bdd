// The pycontainer command line: parses arguments and calls libpycontainer. Errors are caught here,
// once, and printed as one line "pycontainer: error: ..."; usage errors exit 2, other errors 1.

#include "build/builder.hpp"
#include "build/import_rootfs.hpp"
#include "build/plan.hpp"
#include "build/settings.hpp"
#include "layout/layout.hpp"
#include "layout/verify.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>

namespace {

using namespace pycontainer;

// A subcommand and what it does once the whole command line has been parsed.
struct Command {
  CLI::App* app;
  std::function<void()> run;
};

struct BuildArguments {
  std::string context = ".";
  std::string config;
  std::string tag, base_image, workdir, entrypoint, cmd, user, platform, output;
  std::vector<std::string> env, labels, expose, include, exclude;
  bool dry_run = false;
  bool no_reproducible = false;
};

template <typename T>
std::optional<T> unless_empty(const T& value)
{
  return value.empty() ? std::nullopt : std::optional<T>(value);
}

build::KeyValues parse_key_values(const std::vector<std::string>& texts, const std::string& option)
{
  build::KeyValues values;
  for (const auto& text : texts) {
    values.push_back(build::parse_key_value(text, option));
  }
  return values;
}

std::optional<std::vector<std::string>> parse_optional_command(const std::string& text, const std::string& option)
{
  if (text.empty()) {
    return std::nullopt;
  }
  return build::parse_command(text, option);
}

build::BuildRequest to_request(const BuildArguments& arguments)
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

void run_build_command(const BuildArguments& arguments)
{
  auto plan = build::plan_build(to_request(arguments));
  if (arguments.dry_run) {
    std::cout << build::format_plan(plan);
    return;
  }
  log::verbose(build::format_plan(plan));
  auto result = build::run_build(plan);
  log::info("pycontainer: built " + result.image_name + " into " + plan.output.string());
  std::cout << result.image_name << '@' << result.manifest.digest.str() << '\n';
}

Command add_build_command(CLI::App& app, BuildArguments& arguments)
{
  auto* command = app.add_subcommand("build", "Build an image of a Python project into an OCI image layout");
  command->add_option("--tag,-t", arguments.tag, "Image reference NAME[:TAG] (default: <project.name>:<project.version>)");
  command->add_option("--context", arguments.context, "The project directory")->capture_default_str();
  command->add_option("--base-image", arguments.base_image,
                      "scratch, oci:DIR[:REF], oci-archive:FILE[:REF] or a registry reference (default: python:X.Y-slim from requires-python)");
  command->add_option("--workdir", arguments.workdir, "Where the project goes in the image (default: /app)");
  command->add_option("--env", arguments.env, "K=V, repeatable");
  command->add_option("--label", arguments.labels, "K=V, repeatable");
  command->add_option("--entrypoint", arguments.entrypoint, "The command, as words or a JSON array (default: detected)");
  command->add_option("--cmd", arguments.cmd, "Default arguments, as words or a JSON array");
  command->add_option("--user", arguments.user, "User (and group) the image runs as");
  command->add_option("--expose", arguments.expose, "Port to expose (8000 or 8000/udp), repeatable");
  command->add_option("--include", arguments.include, "Only these context paths go into the image, repeatable");
  command->add_option("--exclude", arguments.exclude, "Glob of context paths to leave out (gitignore syntax), repeatable");
  command->add_option("--platform", arguments.platform, "os/arch[/variant] (default: linux/amd64)");
  command->add_option("--output", arguments.output, "The OCI image layout to write (default: dist/image)");
  command->add_option("--config", arguments.config, "A pycontainer.toml (default: <context>/pycontainer.toml if present)");
  command->add_flag("--dry-run", arguments.dry_run, "Print the plan and write nothing");
  command->add_flag("--no-reproducible", arguments.no_reproducible, "Keep real file times and use the current time");
  return {command, [&arguments] { run_build_command(arguments); }};
}

struct ImportArguments {
  std::string tarball, output, tag, platform = "linux/amd64", entrypoint, cmd;
  std::vector<std::string> env, labels;
};

Command add_import_command(CLI::App& app, ImportArguments& arguments)
{
  auto* command = app.add_subcommand("import-rootfs", "Make a base image from a root filesystem tarball (like docker import)");
  command->add_option("rootfs", arguments.tarball, "The root filesystem tarball")->required();
  command->add_option("--output", arguments.output, "The OCI image layout to write")->required();
  command->add_option("--tag,-t", arguments.tag, "Image reference NAME:TAG")->required();
  command->add_option("--platform", arguments.platform, "os/arch[/variant]")->capture_default_str();
  command->add_option("--env", arguments.env, "K=V, repeatable");
  command->add_option("--label", arguments.labels, "K=V, repeatable");
  command->add_option("--entrypoint", arguments.entrypoint, "Entrypoint, as words or a JSON array");
  command->add_option("--cmd", arguments.cmd, "Cmd, as words or a JSON array");
  return {command, [&arguments] {
    build::ImportRequest request;
    request.tarball = arguments.tarball;
    request.output = arguments.output;
    request.tag = arguments.tag;
    request.platform = arguments.platform;
    request.env = parse_key_values(arguments.env, "--env");
    request.labels = parse_key_values(arguments.labels, "--label");
    request.entrypoint = parse_optional_command(arguments.entrypoint, "--entrypoint");
    request.cmd = parse_optional_command(arguments.cmd, "--cmd");
    auto result = build::import_rootfs(request);
    log::info("pycontainer: imported " + result.image_name + " into " + arguments.output);
    std::cout << result.image_name << '@' << result.manifest.digest.str() << '\n';
  }};
}

struct LayoutCommandArguments {
  std::string image;
  bool json = false;
};

Command add_inspect_command(CLI::App& app, LayoutCommandArguments& arguments)
{
  auto* command = app.add_subcommand("inspect", "Show an image of a layout: config, layers, entrypoint, labels");
  command->add_option("image", arguments.image, "LAYOUT[:REF]")->required();
  command->add_flag("--json", arguments.json, "Print JSON");
  return {command, [&arguments] {
    auto [path, ref] = layout::parse_layout_argument(arguments.image);
    auto inspection = layout::inspect_image(layout::Layout::open(path), ref);
    std::cout << (arguments.json ? inspection.dump(2) + "\n" : layout::format_inspection(inspection));
  }};
}

Command add_verify_command(CLI::App& app, LayoutCommandArguments& arguments)
{
  auto* command = app.add_subcommand("verify", "Check an image of a layout: every blob re-hashed, every layer's diff_id");
  command->add_option("image", arguments.image, "LAYOUT[:REF]")->required();
  return {command, [&arguments] {
    auto [path, ref] = layout::parse_layout_argument(arguments.image);
    auto report = layout::verify_image(layout::Layout::open(path), ref);
    log::info("pycontainer: " + arguments.image + " is valid (" + report.manifest.digest.str() + ", " +
              std::to_string(report.layers) + " layers, " + std::to_string(report.blobs_checked) + " blobs checked)");
  }};
}

} // namespace

int main(int argc, char** argv)
{
  CLI::App app{"pycontainer: container images for Python projects, without Docker"};
  app.set_version_flag("--version", "pycontainer " PYCONTAINER_VERSION);
  app.require_subcommand(1);
  bool verbose = false;
  bool quiet = false;
  app.add_flag("--verbose,-v", verbose, "Say more")->configurable(false);
  app.add_flag("--quiet,-q", quiet, "Say nothing but errors and results");

  BuildArguments build_arguments;
  ImportArguments import_arguments;
  LayoutCommandArguments inspect_arguments;
  LayoutCommandArguments verify_arguments;
  std::vector<Command> commands{add_build_command(app, build_arguments), add_import_command(app, import_arguments),
                                add_inspect_command(app, inspect_arguments), add_verify_command(app, verify_arguments)};
  for (auto* subcommand : app.get_subcommands({})) {
    subcommand->fallthrough();
  }

  try {
    app.parse(argc, argv);
    log::set_level(quiet ? log::Level::quiet : verbose ? log::Level::verbose : log::Level::normal);
    for (const auto& command : commands) {
      if (command.app->parsed()) {
        command.run();
      }
    }
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::cerr << "pycontainer: error: " << error.what() << " (see pycontainer --help)\n";
    return 2;
  } catch (const Error& error) {
    std::cerr << "pycontainer: error: " << error.what() << '\n';
    return error.exit_code();
  } catch (const std::exception& error) {
    std::cerr << "pycontainer: internal error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
