#include "cli/command.hpp"
#include "cli/image_outputs.hpp"
#include "layout/image_lookup.hpp"
#include "layout/index_of_images.hpp"
#include "layout/ref_names.hpp"
#include "project/output_targets.hpp"
#include "project/plan.hpp"
#include "util/file.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <iostream>
#include <memory>

namespace pycontainer::cli {

namespace {

struct IndexArguments {
  std::vector<std::string> images, tags, outputs;
  std::string digest_file;
  OutputArguments image_outputs;
};

} // namespace

Command add_index_command(CLI::App& app)
{
  auto arguments = std::make_shared<IndexArguments>();
  auto* command = app.add_subcommand(
    "index", "Make a multi-platform image (an OCI image index) of one-platform images, as a build system's last step");
  command->add_option("images", arguments->images, "LAYOUT[:REF] of each platform's image, one or more")->required();
  command->add_option("--output", arguments->outputs,
                      "The OCI image layout to write the index (and the images' blobs and SBOMs) to; repeatable "
                      "with oci-archive:FILE (that layout as a tar) and docker-archive:FILE (one platform's image, "
                      "see --load-platform), as build's")
    ->required();
  command->add_option("--tag,-t", arguments->tags,
                      "NAME:TAG naming the index in the layout, repeatable (default: the first image's name)");
  command->add_option("--digest-file", arguments->digest_file, "Write the index's digest to this file");
  add_output_options(*command, arguments->image_outputs);
  return {command, [arguments] {
    std::filesystem::path output;
    std::vector<project::OutputTarget> archives;
    for (auto& target : project::parse_outputs(arguments->outputs)) {
      if (target.kind == project::OutputKind::layout) {
        output = std::move(target.path);
      } else {
        archives.push_back(std::move(target));
      }
    }
    if (output.empty()) {
      throw UsageError("index writes an OCI image layout: give --output DIR (archives are written from it)");
    }
    auto engine = engine_to_load(arguments->image_outputs);
    std::vector<layout::LayoutArgument> images;
    for (const auto& image : arguments->images) {
      images.push_back(layout::parse_layout_argument(image));
    }
    std::vector<ref::Reference> tags;
    for (const auto& tag : arguments->tags) {
      tags.push_back(with_context("--tag", [&] { return ref::Reference::parse(tag); }));
    }
    if (tags.empty()) {
      const auto& first = images.front();
      auto top = layout::find_image(layout::Layout::open(first.path), first.ref);
      auto name = top.annotations.find(std::string(layout::k_image_name_annotation));
      if (name == top.annotations.end()) {
        throw UsageError("the image '" + arguments->images.front() + "' has no name to give the index: pass --tag");
      }
      tags.push_back(ref::Reference::parse(name->second));
    }
    auto index = layout::write_index_of_images(layout::Layout::open_or_create(output), images, tags);
    if (!arguments->digest_file.empty()) {
      util::write_file_atomic(arguments->digest_file, index.digest.str() + "\n");
    }
    log::info("pycontainer: wrote the index of " + std::to_string(images.size()) + " images into " + output.string());
    // The archives' entries carry SOURCE_DATE_EPOCH (else 1980-01-01), as a reproducible build's do.
    write_image_outputs({output, true, layout::ref_names(tags).front(), tags, archives, project::reproducible_timestamp()},
                        arguments->image_outputs, engine, "", {});
    std::cout << tags.front().str() << '@' << index.digest.str() << '\n';
  }};
}

} // namespace pycontainer::cli
