#include "layout/layout.hpp"
#include "layout/verify.hpp"
#include "util/log.hpp"
#include "cli/command.hpp"

#include <iostream>
#include <memory>

namespace pycontainer::cli {

namespace {

struct LayoutCommandArguments {
  std::string image;
  bool json = false;
};

} // namespace

Command add_verify_command(CLI::App& app)
{
  auto arguments_pointer = std::make_shared<LayoutCommandArguments>();
  auto& arguments = *arguments_pointer;
  auto* command = app.add_subcommand("verify", "Check an image of a layout: every blob re-hashed, every layer's diff_id");
  command->add_option("image", arguments.image, "LAYOUT[:REF]")->required();
  return {command, [arguments_pointer] {
    const auto& arguments = *arguments_pointer;
    auto [path, ref] = layout::parse_layout_argument(arguments.image);
    auto report = layout::verify_image(layout::Layout::open(path), ref);
    log::info("pycontainer: " + arguments.image + " is valid (" + report.manifest.digest.str() + ", " +
              std::to_string(report.layers) + " layers, " + std::to_string(report.blobs_checked) + " blobs checked)");
  }};
}

} // namespace pycontainer::cli
