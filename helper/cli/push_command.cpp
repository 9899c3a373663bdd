#include "cli/command.hpp"
#include "cli/registry_options.hpp"
#include "layout/layout.hpp"

#include <memory>

namespace pycontainer::cli {

namespace {

struct PushArguments {
  std::string image;
  std::vector<std::string> destinations;
  std::string platform;
  RegistryArguments registry;
};

} // namespace

Command add_push_command(CLI::App& app)
{
  auto arguments_pointer = std::make_shared<PushArguments>();
  auto& arguments = *arguments_pointer;
  auto* command = app.add_subcommand("push", "Push an image of a layout to one or more registry references");
  command->add_option("image", arguments.image, "LAYOUT[:REF]")->required();
  command->add_option("destinations", arguments.destinations, "REGISTRY/REPOSITORY[:TAG], one or more")->required();
  command->add_option("--platform", arguments.platform,
                      "os/arch[/variant]: push only this platform's image of a multi-platform image (an index)");
  add_registry_options(*command, arguments.registry);
  add_push_options(*command, arguments.registry, false);
  return {command, [arguments_pointer] {
    const auto& arguments = *arguments_pointer;
    auto [path, ref] = layout::parse_layout_argument(arguments.image);
    run_push(path, ref, arguments.destinations, to_registry_options(arguments.registry),
             arguments.registry.digest_file, parse_platform_option(arguments.platform));
  }};
}

} // namespace pycontainer::cli
