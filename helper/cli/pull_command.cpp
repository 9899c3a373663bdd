#include "cli/command.hpp"
#include "cli/registry_options.hpp"
#include "layout/layout.hpp"
#include "oci/platform.hpp"
#include "ref/reference.hpp"
#include "remote/pull.hpp"
#include "remote/store.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <iostream>
#include <memory>

namespace pycontainer::cli {

namespace {

struct PullArguments {
  std::string image;
  std::string output;
  std::string platform;
  RegistryArguments registry;
};

void run_pull_command(const PullArguments& arguments)
{
  auto options = to_registry_options(arguments.registry);
  auto reference = ref::Reference::parse(arguments.image);
  auto platform = arguments.platform.empty() ? oci::Platform::parse("linux/amd64") : oci::Platform::parse(arguments.platform);
  auto pulled = remote::pull_to_store(reference, platform, options);
  if (arguments.output.empty()) {
    std::cout << reference.name() << "@" << pulled.manifest.digest.str() << '\n';
    return;
  }
  // The platform's manifest, its config and layers, linked from the store into the output layout.
  auto store = remote::open_store(options);
  auto output = layout::Layout::open_or_create(arguments.output);
  auto manifest_bytes = store.read_blob(pulled.manifest.digest);
  auto manifest = oci::Manifest::parse(manifest_bytes, "manifest " + pulled.manifest.digest.str());
  output.link_or_copy_blob(store.blob_path(manifest.config.digest), manifest.config.digest);
  for (const auto& layer : manifest.layers) {
    output.link_or_copy_blob(store.blob_path(layer.digest), layer.digest);
  }
  output.link_or_copy_blob(store.blob_path(pulled.manifest.digest), pulled.manifest.digest);
  auto descriptor = pulled.manifest;
  descriptor.annotations.clear();
  output.set_tag(descriptor, reference.tag.empty() ? reference.digest : reference.tag, reference.str());
  log::info("pycontainer: pulled " + reference.str() + " into " + arguments.output);
  std::cout << reference.name() << "@" << pulled.manifest.digest.str() << '\n';
}

} // namespace

Command add_pull_command(CLI::App& app)
{
  auto arguments_pointer = std::make_shared<PullArguments>();
  auto& arguments = *arguments_pointer;
  auto* command = app.add_subcommand("pull", "Pull an image from a registry into the shared store (and a layout)");
  command->add_option("image", arguments.image, "Registry reference NAME[:TAG][@DIGEST]")->required();
  command->add_option("--output", arguments.output, "An OCI image layout to put the image into");
  command->add_option("--platform", arguments.platform, "os/arch[/variant] of a multi-platform image (default: linux/amd64)");
  add_registry_options(*command, arguments.registry);
  return {command, [arguments_pointer] { run_pull_command(*arguments_pointer); }};
}

} // namespace pycontainer::cli
