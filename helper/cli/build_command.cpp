#include "pipeline/builder.hpp"
#include "project/plan.hpp"
#include "cli/build_settings.hpp"
#include "cli/cache_options.hpp"
#include "cli/command.hpp"
#include "cli/registry_options.hpp"
#include "layer/compressor.hpp"
#include "util/log.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace pycontainer::cli {

namespace {

// Layer compression: --threads, --compression, --compression-level, applied to the plan's layer options.
struct CompressionArguments {
  unsigned threads = 0; // 0: one per core
  std::string compression = "gzip";
  std::optional<int> level;
};

void add_compression_options(CLI::App& command, CompressionArguments& arguments)
{
  command.add_option("--threads", arguments.threads, "Threads compressing the layers (default: the core count)")
    ->check(CLI::Range(1u, 1024u));
  command.add_option("--compression", arguments.compression, "Layer compression: gzip, zstd or none")
    ->check(CLI::IsMember({"gzip", "zstd", "none"}))
    ->capture_default_str();
  command.add_option("--compression-level", arguments.level, "gzip 0-9 (default 6), zstd 1-19 (default 3)");
}

void apply_compression(const CompressionArguments& arguments, layer::Options& options)
{
  using oci::media_type::Compression;
  options.threads = arguments.threads;
  options.compression = arguments.compression == "zstd"   ? Compression::zstd
                        : arguments.compression == "none" ? Compression::none
                                                          : Compression::gzip;
  options.level = arguments.level.value_or(options.compression == Compression::zstd ? 3 : 6);
  // A bad level is reported now, not after the base image is read.
  layer::make_compressor(options.compression, options.level, [](const void*, std::size_t) {}, 1);
}

struct BuildArguments {
  BuildSettingsArguments settings;
  RegistryArguments registry;
  CompressionArguments compression;
  CacheArguments cache;
  bool dry_run = false;
};

void run_build_command(const BuildArguments& arguments)
{
  auto request = to_request(arguments.settings);
  auto registry = to_registry_options(arguments.registry); // once: it may read the password from stdin
  request.cache_directory = remote::cache_directory(registry);
  auto plan = project::plan_build(request);
  apply_compression(arguments.compression, plan.layer_options);
  if (arguments.dry_run) {
    // No base is resolved in a dry run: pip's Python is guessed from the base's name.
    project::plan_dependency_layers(plan, {});
    std::cout << project::format_plan(plan);
    return;
  }
  log::verbose(project::format_plan(plan));
  auto cache = open_layer_cache(arguments.cache, arguments.registry.cache_dir);
  auto result = pipeline::run_build(plan, registry, cache.get());
  if (cache) {
    cache->finish();
  }
  log::info("pycontainer: built " + result.image_name + " into " + plan.output.string());
  if (arguments.registry.push) {
    run_push(plan.output, plan.tag.tag, {plan.tag.str()}, registry, arguments.registry.digest_file);
  } else {
    std::cout << result.image_name << '@' << result.manifest.digest.str() << '\n';
  }
}

} // namespace

Command add_build_command(CLI::App& app)
{
  auto arguments = std::make_shared<BuildArguments>();
  auto* command = app.add_subcommand("build", "Build an image of a Python project into an OCI image layout");
  add_build_settings_options(*command, arguments->settings);
  add_dependency_options(*command, arguments->settings);
  add_registry_options(*command, arguments->registry);
  add_push_options(*command, arguments->registry, /*with_push_flag=*/true);
  add_compression_options(*command, arguments->compression);
  add_cache_options(*command, arguments->cache, /*with_cache_dir=*/false);
  command->add_flag("--dry-run", arguments->dry_run, "Print the plan and write nothing");
  return {command, [arguments] { run_build_command(*arguments); }};
}

} // namespace pycontainer::cli
