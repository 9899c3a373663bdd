#include "pipeline/builder.hpp"
#include "project/plan.hpp"
#include "project/platform_plan.hpp"
#include "cache/cache_directory.hpp"
#include "cli/build_settings.hpp"
#include "cli/cache_options.hpp"
#include "cli/command.hpp"
#include "cli/image_outputs.hpp"
#include "pipeline/scratch_directory.hpp"
#include "pipeline/lock_wheels.hpp"
#include "cli/registry_options.hpp"
#include "util/depfile.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace pycontainer::cli {

namespace {

struct BuildArguments {
  BuildSettingsArguments settings;
  RegistryArguments registry;
  CacheArguments cache;
  OutputArguments outputs;
  bool dry_run = false;
  std::string depfile;
  std::string stamp;
};

void run_build_command(const BuildArguments& arguments)
{
  auto request = to_request(arguments.settings);
  // Flags only turn these on; a config file or [tool.pycontainer] may too (pycontainer-build's keys).
  auto& command_line = request.command_line;
  auto set_if = [](std::optional<bool>& setting, bool flag) {
    if (flag) {
      setting = true;
    }
  };
  set_if(command_line.push, arguments.registry.push);
  set_if(command_line.dry_run, arguments.dry_run);
  set_if(command_line.no_cache, arguments.cache.no_cache);
  command_line.registry_url = unless_empty(arguments.registry.registry);
  auto registry = to_registry_options(arguments.registry); // once: it may read the password from stdin
  request.cache_directory = cache::cache_directory(registry.cache_dir);
  auto plan = project::plan_build(request);
  if (plan.verbose && log::level() == log::Level::normal) {
    log::set_level(log::Level::verbose);
  }
  if (plan.dry_run) {
    // No base is resolved in a dry run (only `all` reads its index): pip's Python is guessed from the
    // base's name. Several platforms: the plan of each, as their dependencies may differ.
    auto platforms = pipeline::build_platforms(plan, registry);
    for (std::size_t i = 0; i < platforms.size(); ++i) {
      auto platform_plan = project::plan_for_platform(plan, platforms[i]);
      project::plan_dependency_layers(platform_plan, deps::BasePython{}, pipeline::lock_wheels(platform_plan, registry));
      if (platforms.size() > 1) {
        std::cout << (i == 0 ? "" : "\n") << "# " << platforms[i].str() << " (image " << i + 1 << " of "
                  << platforms.size() << " of an image index)\n";
      }
      std::cout << project::format_plan(platform_plan);
    }
    return;
  }
  log::verbose(project::format_plan(plan));
  auto engine = engine_to_load(arguments.outputs);
  // Archives only: the image is built into a temporary layout, which they are written from.
  std::optional<pipeline::ScratchDirectory> scratch;
  bool layout_is_output = !plan.output.empty();
  if (!layout_is_output) {
    scratch.emplace();
    plan.output = scratch->path() / "layout";
  }
  CacheArguments cache_arguments = arguments.cache;
  cache_arguments.no_cache = plan.no_cache;
  auto cache = open_layer_cache(cache_arguments, arguments.registry.cache_dir);
  auto result = pipeline::run_build(plan, registry, cache.get(),
                                    arguments.depfile.empty() ? pipeline::ListInputs::no : pipeline::ListInputs::yes);
  if (cache) {
    cache->finish();
  }
  if (layout_is_output) {
    log::info("pycontainer: built " + result.image_name + " into " + plan.output.string());
  }
  if (!arguments.stamp.empty()) {
    util::write_file_if_changed(arguments.stamp, result.image_name + '@' + result.manifest.digest.str() + '\n');
  }
  if (!arguments.depfile.empty()) {
    // The target as the build tool wrote it (--stamp, --output), which Ninja compares with its own path.
    std::filesystem::path target = arguments.stamp;
    if (target.empty()) {
      const auto& outputs = arguments.settings.outputs;
      if (outputs.empty()) {
        target = plan.output / "index.json";
      } else {
        auto first = project::parse_output(outputs.front());
        target = first.kind == project::OutputKind::layout ? first.path / "index.json" : first.path;
      }
    }
    util::write_depfile(arguments.depfile, target, result.inputs);
  }
  ImageOutputs image{plan.output, layout_is_output, plan.tag.tag, plan.tags, plan.archives, plan.timestamp};
  std::vector<std::string> pushed;
  if (plan.push) {
    std::vector<std::string> destinations;
    for (const auto& destination : plan.push_to) {
      destinations.push_back(destination.str());
    }
    pushed = run_push(plan.output, plan.tag.tag, destinations, registry, arguments.registry.digest_file);
  } else {
    std::cout << result.image_name << '@' << result.manifest.digest.str() << '\n';
  }
  write_image_outputs(image, arguments.outputs, engine, arguments.registry.digest_file, pushed);
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
  add_compression_options(*command, arguments->settings);
  add_files_options(*command, arguments->settings);
  add_also_tag_option(*command, arguments->settings);
  add_cache_options(*command, arguments->cache, /*with_cache_dir=*/false);
  add_output_options(*command, arguments->outputs);
  command->add_flag("--dry-run", arguments->dry_run, "Print the plan and write nothing");
  command->add_option("--depfile", arguments->depfile,
                      "Write what the build read, in Makefile syntax, for the target <output>/index.json "
                      "(a build tool's one rule: Ninja's depfile, Make's include), or for --stamp");
  command->add_option("--stamp", arguments->stamp,
                      "Write NAME@DIGEST of the image to this file, rewritten only when the image changes: the "
                      "output of a build tool's rule that may name no directory (Meson's custom_target)");
  return {command, [arguments] { run_build_command(*arguments); }};
}

} // namespace pycontainer::cli
