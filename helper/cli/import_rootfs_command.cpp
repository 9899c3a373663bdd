#include "pipeline/import_rootfs.hpp"
#include "cli/command.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <iostream>
#include <memory>

namespace pycontainer::cli {

namespace {

struct ImportArguments {
  std::vector<std::string> tarballs, platforms;
  std::string output, tag, entrypoint, cmd;
  std::vector<std::string> env, labels;
};

} // namespace

Command add_import_rootfs_command(CLI::App& app)
{
  auto arguments_pointer = std::make_shared<ImportArguments>();
  auto& arguments = *arguments_pointer;
  auto* command = app.add_subcommand("import-rootfs", "Make a base image from a root filesystem tarball (like docker import)");
  command->add_option("rootfs", arguments.tarballs,
                      "The root filesystem tarball; several (one per --platform) make an image index")
    ->required();
  command->add_option("--output", arguments.output, "The OCI image layout to write")->required();
  command->add_option("--tag,-t", arguments.tag, "Image reference NAME:TAG")->required();
  command
    ->add_option("--platform", arguments.platforms,
                 "os/arch[/variant] of each tarball, in their order (comma-separated or repeated; default linux/amd64)")
    ->delimiter(',')
    ->allow_extra_args(false);
  command->add_option("--env", arguments.env, "K=V, repeatable");
  command->add_option("--label", arguments.labels, "K=V, repeatable");
  command->add_option("--entrypoint", arguments.entrypoint, "Entrypoint, as words or a JSON array");
  command->add_option("--cmd", arguments.cmd, "Cmd, as words or a JSON array");
  return {command, [arguments_pointer] {
    const auto& arguments = *arguments_pointer;
    pipeline::ImportRequest request;
    auto platforms = arguments.platforms.empty() ? std::vector<std::string>{"linux/amd64"} : arguments.platforms;
    if (platforms.size() != arguments.tarballs.size()) {
      throw UsageError("import-rootfs: " + std::to_string(arguments.tarballs.size()) + " tarballs and " +
                       std::to_string(platforms.size()) + " platforms; give one --platform per tarball, in their order");
    }
    for (std::size_t i = 0; i < platforms.size(); ++i) {
      request.tarballs.push_back({arguments.tarballs[i], platforms[i]});
    }
    request.output = arguments.output;
    request.tag = arguments.tag;
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
