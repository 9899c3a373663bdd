#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace pycontainer::cli {

// CLI11's failure_message hook for the top-level `app`: "pycontainer: error: ..." with, for a mistyped
// command or option, the one meant ("unknown command 'biuld'; did you mean 'build'?"), else CLI11's
// own message. Options are matched against those of the command given and the global ones.
std::string failure_message(const CLI::App* app, const CLI::Error& error);

} // namespace pycontainer::cli
