#include "cli/did_you_mean.hpp"

#include "util/string.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace pycontainer::cli {

namespace {

// `app` and the command chosen below it, innermost last.
std::vector<const CLI::App*> parsed_chain(const CLI::App* app)
{
  std::vector<const CLI::App*> chain{app};
  while (!chain.back()->get_subcommands().empty()) {
    chain.push_back(chain.back()->get_subcommands().front());
  }
  return chain;
}

std::optional<std::string> suggest_option(std::string_view word, const std::vector<const CLI::App*>& chain)
{
  std::vector<std::string> names;
  for (const auto* app : chain) {
    for (const auto* option : app->get_options()) {
      for (const auto& name : option->get_lnames()) {
        names.push_back("--" + name);
      }
    }
  }
  std::vector<std::string_view> candidates(names.begin(), names.end());
  auto best = util::closest_match(word.substr(0, word.find('=')), candidates);
  if (!best) {
    return std::nullopt;
  }
  return "unknown option '" + std::string(word) + "'; did you mean '" + std::string(*best) + "'?";
}

std::optional<std::string> suggest_command(std::string_view word, const CLI::App* app)
{
  std::vector<std::string_view> candidates;
  for (const auto* command : app->get_subcommands([](const CLI::App*) { return true; })) {
    candidates.push_back(command->get_name());
  }
  auto best = util::closest_match(word, candidates);
  if (!best) {
    return std::nullopt;
  }
  return "unknown command '" + std::string(word) + "'; did you mean '" + std::string(*best) + "'?";
}

} // namespace

std::string failure_message(const CLI::App* app, const CLI::Error& error)
{
  std::string message = error.what();
  auto chain = parsed_chain(app);
  for (const auto& word : app->remaining(true)) {
    std::optional<std::string> suggestion;
    if (word.starts_with("--")) {
      suggestion = suggest_option(word, chain);
    } else if (chain.size() == 1) { // no command given: a word where the command goes
      suggestion = suggest_command(word, app);
    }
    if (suggestion) {
      message = *suggestion;
      break;
    }
  }
  return "pycontainer: error: " + message + " (see pycontainer " +
         (chain.size() > 1 ? chain.back()->get_name() + " " : std::string()) + "--help)\n";
}

} // namespace pycontainer::cli
