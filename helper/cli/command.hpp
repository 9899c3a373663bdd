#pragma once

#include "oci/platform.hpp"
#include "project/settings.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::cli {

// A subcommand and what it does once the whole command line has been parsed (so that global flags
// such as --verbose are in force before any work starts).
struct Command {
  CLI::App* app;
  std::function<void()> run;
};

// One function per subcommand, each in its own file: <name>_command.cpp.
Command add_build_command(CLI::App& app);
Command add_import_rootfs_command(CLI::App& app);
Command add_index_command(CLI::App& app);
Command add_inspect_command(CLI::App& app);
Command add_verify_command(CLI::App& app);
Command add_base_command(CLI::App& app);
Command add_deps_command(CLI::App& app);
Command add_layer_command(CLI::App& app);
Command add_assemble_command(CLI::App& app);
Command add_pull_command(CLI::App& app);
Command add_push_command(CLI::App& app);
Command add_load_command(CLI::App& app);

template <typename T>
std::optional<T> unless_empty(const T& value)
{
  return value.empty() ? std::nullopt : std::optional<T>(value);
}

// "K=V" options (--env, --label) into pairs; UsageError naming `option` when malformed.
project::KeyValues parse_key_values(const std::vector<std::string>& texts, const std::string& option);

// --platform os/arch[/variant] of inspect, verify and push; nullopt when empty.
std::optional<oci::Platform> parse_platform_option(const std::string& text);

// A command option given as words or a JSON array; nullopt when empty.
std::optional<std::vector<std::string>> parse_optional_command(const std::string& text, const std::string& option);

} // namespace pycontainer::cli
