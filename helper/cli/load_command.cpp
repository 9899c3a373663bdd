#include "cli/command.hpp"
#include "cli/image_outputs.hpp"
#include "layout/image_lookup.hpp"
#include "util/error.hpp"

#include <memory>

namespace pycontainer::cli {

namespace {

struct LoadArguments {
  std::string image;
  std::vector<std::string> tags;
  OutputArguments outputs;
};

} // namespace

Command add_load_command(CLI::App& app)
{
  auto arguments = std::make_shared<LoadArguments>();
  auto* command = app.add_subcommand("load", "Load an image of a layout into the running Docker, else Podman");
  command->add_option("image", arguments->image, "LAYOUT[:REF]")->required();
  command->add_option("--tag,-t", arguments->tags,
                      "The names the engine gives the image, repeatable (default: the image's name in the layout)");
  command->add_option("--load-platform", arguments->outputs.load_platform,
                      "The platform of an index to load (default: the engine's)");
  command->add_option("--metadata-file", arguments->outputs.metadata_file,
                      "Write JSON here: references, digests, platforms, sizes, what was loaded");
  return {command, [arguments] {
    arguments->outputs.load = true;
    auto engine = engine_to_load(arguments->outputs);
    auto [path, ref] = layout::parse_layout_argument(arguments->image);
    std::vector<ref::Reference> tags;
    for (const auto& tag : arguments->tags) {
      tags.push_back(with_context("--tag", [&] { return ref::Reference::parse(tag); }));
    }
    if (tags.empty()) {
      auto top = layout::find_image(layout::Layout::open(path), ref);
      auto name = top.annotations.find(std::string(layout::k_image_name_annotation));
      if (name != top.annotations.end()) {
        tags.push_back(ref::Reference::parse(name->second));
      }
    }
    write_image_outputs({path, false, ref, tags, {}, 0}, arguments->outputs, engine, "", {});
  }};
}

} // namespace pycontainer::cli
