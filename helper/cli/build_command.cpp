#include "build/builder.hpp"
#include "build/plan.hpp"
#include "cli/build_settings.hpp"
#include "cli/command.hpp"
#include "util/log.hpp"

#include <iostream>
#include <memory>

namespace pycontainer::cli {

namespace {

struct BuildArguments {
  BuildSettingsArguments settings;
  bool dry_run = false;
};

void run_build_command(const BuildArguments& arguments)
{
  auto plan = build::plan_build(to_request(arguments.settings));
  if (arguments.dry_run) {
    std::cout << build::format_plan(plan);
    return;
  }
  log::verbose(build::format_plan(plan));
  auto result = build::run_build(plan);
  log::info("pycontainer: built " + result.image_name + " into " + plan.output.string());
  std::cout << result.image_name << '@' << result.manifest.digest.str() << '\n';
}

} // namespace

Command add_build_command(CLI::App& app)
{
  auto arguments = std::make_shared<BuildArguments>();
  auto* command = app.add_subcommand("build", "Build an image of a Python project into an OCI image layout");
  add_build_settings_options(*command, arguments->settings);
  command->add_flag("--dry-run", arguments->dry_run, "Print the plan and write nothing");
  return {command, [arguments] { run_build_command(*arguments); }};
}

} // namespace pycontainer::cli
