// The pycontainer command line: parses arguments and runs the one subcommand given. Errors are caught
// here, once, and printed as one line "pycontainer: error: ..."; usage errors exit 2, other errors 1.

#include "cli/command.hpp"
#include "cli/did_you_mean.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv)
{
  using namespace pycontainer;
  CLI::App app{"pycontainer: container images for Python projects, without Docker"};
  app.set_version_flag("--version", "pycontainer " PYCONTAINER_VERSION);
  app.require_subcommand(1);
  app.failure_message(cli::failure_message);
  bool verbose = false;
  bool quiet = false;
  app.add_flag("--verbose,-v", verbose, "Say more");
  app.add_flag("--quiet,-q", quiet, "Say nothing but errors and results");

  std::vector<cli::Command> commands{cli::add_build_command(app), cli::add_import_rootfs_command(app),
                                     cli::add_inspect_command(app), cli::add_verify_command(app),
                                     cli::add_pull_command(app), cli::add_push_command(app), cli::add_load_command(app),
                                     cli::add_base_command(app), cli::add_deps_command(app), cli::add_layer_command(app),
                                     cli::add_assemble_command(app), cli::add_index_command(app)};
  for (auto& command : commands) {
    command.app->fallthrough();
  }

  try {
    app.parse(argc, argv);
    log::set_level(quiet ? log::Level::quiet : verbose ? log::Level::verbose : log::Level::normal);
    for (const auto& command : commands) {
      if (command.app->parsed()) {
        command.run();
      }
    }
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error); // prints failure_message's line
    return 2;
  } catch (const Error& error) {
    std::cerr << "pycontainer: error: " << error.what() << '\n';
    return error.exit_code();
  } catch (const std::exception& error) {
    std::cerr << "pycontainer: internal error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
