// The build-system steps' command lines: `base`, `deps`, `layer` and `assemble`, each running one step of
// the pipeline (pipeline/step_commands.hpp).

#include "cache/cache_directory.hpp"
#include "cli/build_settings.hpp"
#include "cli/cache_options.hpp"
#include "cli/command.hpp"
#include "cli/image_outputs.hpp"
#include "cli/registry_options.hpp"
#include "pipeline/step_commands.hpp"
#include "util/file.hpp"

#include <iostream>
#include <memory>

namespace pycontainer::cli {

namespace {

struct StepOutputArguments {
  std::string record;
  std::string staging;
  std::string depfile;
  std::string stamp;

  pipeline::StepOutputs outputs() const { return {record, staging, depfile, stamp}; }
};

void add_step_outputs(CLI::App& command, StepOutputArguments& outputs)
{
  command.add_option("--record", outputs.record, "The JSON record to write")->required();
  command.add_option("--staging", outputs.staging, "An OCI layout of this step's own to keep its blobs in")->required();
  command.add_option("--depfile", outputs.depfile, "Write the files and directories read, in Makefile syntax");
  command.add_option("--stamp", outputs.stamp, "A file to touch when the step succeeds");
}

struct StepArguments {
  BuildSettingsArguments settings;
  RegistryArguments registry;
  CacheArguments cache;
  StepOutputArguments outputs;
  std::string base_record;
  std::string name;
  std::vector<std::string> layer_records;
  std::string digest_file;
  bool for_index = false;
  OutputArguments image_outputs;

  project::BuildRequest request() const
  {
    auto request = to_request(settings);
    request.cache_directory = cache::cache_directory(cache.cache_dir);
    return request;
  }
};

} // namespace

Command add_base_command(CLI::App& app)
{
  auto arguments = std::make_shared<StepArguments>();
  auto* command = app.add_subcommand("base", "Build-system step: resolve the base image and record it");
  add_build_settings_options(*command, arguments->settings);
  add_registry_options(*command, arguments->registry);
  add_step_outputs(*command, arguments->outputs);
  return {command, [arguments] {
            pipeline::run_base_step(to_request(arguments->settings), to_registry_options(arguments->registry),
                                    arguments->outputs.outputs());
          }};
}

Command add_deps_command(CLI::App& app)
{
  auto arguments = std::make_shared<StepArguments>();
  auto* command = app.add_subcommand("deps", "Build-system step: pack the dependency layers (--include-deps) and record them");
  add_build_settings_options(*command, arguments->settings);
  add_dependency_options(*command, arguments->settings);
  add_compression_options(*command, arguments->settings);
  add_step_outputs(*command, arguments->outputs);
  add_cache_options(*command, arguments->cache, /*with_cache_dir=*/true);
  add_connection_options(*command, arguments->registry);
  command->add_option("--base-record", arguments->base_record,
                      "The record `pycontainer base` wrote: the dependencies are checked against its Python")
    ->required();
  return {command, [arguments] {
            auto cache = open_layer_cache(arguments->cache, arguments->cache.cache_dir);
            pipeline::run_deps_step(arguments->request(), arguments->base_record, cache.get(),
                                    arguments->outputs.outputs(), to_registry_options(arguments->registry));
          }};
}

Command add_layer_command(CLI::App& app)
{
  auto arguments = std::make_shared<StepArguments>();
  auto* command = app.add_subcommand("layer", "Build-system step: pack one layer (the context's files, or --files) and record it");
  add_build_settings_options(*command, arguments->settings);
  add_dependency_options(*command, arguments->settings);
  add_compression_options(*command, arguments->settings);
  add_files_options(*command, arguments->settings);
  add_step_outputs(*command, arguments->outputs);
  add_cache_options(*command, arguments->cache, /*with_cache_dir=*/true);
  command->add_option("--name", arguments->name, "The layer's name in the image history (default: app, or files-0)");
  command->add_option("--base-record", arguments->base_record,
                      "The record `pycontainer base` wrote: ELF files are checked against its C library too");
  return {command, [arguments] {
            auto cache = open_layer_cache(arguments->cache, arguments->cache.cache_dir);
            pipeline::run_layer_step(arguments->request(), unless_empty(std::filesystem::path(arguments->base_record)),
                                     cache.get(), arguments->outputs.outputs(), arguments->name);
          }};
}

Command add_assemble_command(CLI::App& app)
{
  auto arguments = std::make_shared<StepArguments>();
  auto* command = app.add_subcommand("assemble", "Build-system step: write the image from the base and layer records");
  add_build_settings_options(*command, arguments->settings);
  add_also_tag_option(*command, arguments->settings);
  add_link_check_options(*command, arguments->settings);
  command->add_option("--cache-dir", arguments->cache.cache_dir,
                      "Where passed link checks are remembered, shared by builds (default: $XDG_CACHE_HOME/pycontainer)");
  command->add_option("--base-record", arguments->base_record, "The record `pycontainer base` wrote")->required();
  command->add_option("--layer-record", arguments->layer_records, "A record `pycontainer deps` or `layer` wrote, in image order")->required();
  command->add_option("--digest-file", arguments->digest_file, "Write the manifest digest to this file");
  command->add_flag("--for-index", arguments->for_index,
                    "The image is one platform's of an index `pycontainer index` makes: its SBOM is named "
                    "<tag>.<os>-<arch>.sbom, as in a build of several platforms");
  add_output_options(*command, arguments->image_outputs);
  return {command, [arguments] {
            std::vector<std::filesystem::path> records(arguments->layer_records.begin(), arguments->layer_records.end());
            auto engine = engine_to_load(arguments->image_outputs);
            auto image = pipeline::run_assemble_step(arguments->request(), arguments->base_record, records,
                                                     arguments->for_index);
            if (!arguments->digest_file.empty()) {
              util::write_file_atomic(arguments->digest_file, image.manifest.digest.str() + "\n");
            }
            const auto& plan = image.plan;
            write_image_outputs({plan.output, true, plan.tag.tag, plan.tags, plan.archives, plan.timestamp},
                                arguments->image_outputs, engine, "", {});
            std::cout << image.plan.tag.str() << '@' << image.manifest.digest.str() << '\n';
          }};
}

} // namespace pycontainer::cli
