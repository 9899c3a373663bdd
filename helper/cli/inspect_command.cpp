#include "layout/layout.hpp"
#include "layout/verify.hpp"
#include "cli/command.hpp"

#include <iostream>
#include <memory>

namespace pycontainer::cli {

namespace {

struct LayoutCommandArguments {
  std::string image;
  std::string platform;
  bool json = false;
};

} // namespace

Command add_inspect_command(CLI::App& app)
{
  auto arguments_pointer = std::make_shared<LayoutCommandArguments>();
  auto& arguments = *arguments_pointer;
  auto* command = app.add_subcommand("inspect", "Show an image of a layout: config, layers, entrypoint, labels");
  command->add_option("image", arguments.image, "LAYOUT[:REF]")->required();
  command->add_flag("--json", arguments.json, "Print JSON");
  command->add_option("--platform", arguments.platform,
                      "os/arch[/variant]: only this platform's image of a multi-platform image (default: every one)");
  return {command, [arguments_pointer] {
    const auto& arguments = *arguments_pointer;
    auto [path, ref] = layout::parse_layout_argument(arguments.image);
    auto inspection = layout::inspect_image(layout::Layout::open(path), ref, parse_platform_option(arguments.platform));
    std::cout << (arguments.json ? inspection.dump(2) + "\n" : layout::format_inspection(inspection));
  }};
}

} // namespace pycontainer::cli
