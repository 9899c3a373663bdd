#include "pipeline/import_rootfs.hpp"
#include "cli/command.hpp"
#include "util/log.hpp"

#include <iostream>
#include <memory>

namespace pycontainer::cli {

namespace {

struct ImportArguments {
  std::string tarball, output, tag, platform = "linux/amd64", entrypoint, cmd;
  std::vector<std::string> env, labels;
};

} // namespace

Command add_import_rootfs_command(CLI::App& app)
{
  auto arguments_pointer = std::make_shared<ImportArguments>();
  auto& arguments = *arguments_pointer;
  auto* command = app.add_subcommand("import-rootfs", "Make a base image from a root filesystem tarball (like docker import)");
  command->add_option("rootfs", arguments.tarball, "The root filesystem tarball")->required();
  command->add_option("--output", arguments.output, "The OCI image layout to write")->required();
  command->add_option("--tag,-t", arguments.tag, "Image reference NAME:TAG")->required();
  command->add_option("--platform", arguments.platform, "os/arch[/variant]")->capture_default_str();
  command->add_option("--env", arguments.env, "K=V, repeatable");
  command->add_option("--label", arguments.labels, "K=V, repeatable");
  command->add_option("--entrypoint", arguments.entrypoint, "Entrypoint, as words or a JSON array");
  command->add_option("--cmd", arguments.cmd, "Cmd, as words or a JSON array");
  return {command, [arguments_pointer] {
    const auto& arguments = *arguments_pointer;
    pipeline::ImportRequest request;
    request.tarball = arguments.tarball;
    request.output = arguments.output;
    request.tag = arguments.tag;
    request.platform = arguments.platform;
    request.env = parse_key_values(arguments.env, "--env");
    request.labels = parse_key_values(arguments.labels, "--label");
    request.entrypoint = parse_optional_command(arguments.entrypoint, "--entrypoint");
    request.cmd = parse_optional_command(arguments.cmd, "--cmd");
    auto result = pipeline::import_rootfs(request);
    log::info("pycontainer: imported " + result.image_name + " into " + arguments.output);
    std::cout << result.image_name << '@' << result.manifest.digest.str() << '\n';
  }};
}


} // namespace pycontainer::cli
