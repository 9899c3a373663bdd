#pragma once

#include <string_view>

// The one piece of global state: how much the user wants to hear. Everything goes to stderr so that
// stdout carries only results (plans, inspect output, digests).
namespace pycontainer::log {

enum class Level { quiet, normal, verbose };

void set_level(Level level);
Level level();

void info(std::string_view message);    // progress; hidden by --quiet
void verbose(std::string_view message); // detail; shown with --verbose
void warn(std::string_view message);    // always shown, prefixed "warning: "

} // namespace pycontainer::log
