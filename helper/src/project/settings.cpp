#include "project/settings.hpp"

#include "util/error.hpp"

#include <nlohmann/json.hpp>

namespace pycontainer::project {

namespace {

template <typename T>
void take_first(std::optional<T>& target, const std::optional<T>& source)
{
  if (!target && source) {
    target = source;
  }
}

// Appends the keys of `source` that `target` does not have yet.
void merge_lower(KeyValues& target, const KeyValues& source)
{
  for (const auto& entry : source) {
    bool present = false;
    for (const auto& existing : target) {
      present = present || existing.first == entry.first;
    }
    if (!present) {
      target.push_back(entry);
    }
  }
}

} // namespace

SettingsLayer merge_settings(const std::vector<const SettingsLayer*>& highest_first)
{
  SettingsLayer merged;
  for (const SettingsLayer* layer : highest_first) {
    take_first(merged.tag, layer->tag);
    take_first(merged.base_image, layer->base_image);
    take_first(merged.workdir, layer->workdir);
    take_first(merged.entrypoint, layer->entrypoint);
    take_first(merged.cmd, layer->cmd);
    take_first(merged.user, layer->user);
    take_first(merged.expose, layer->expose);
    take_first(merged.include, layer->include);
    take_first(merged.exclude, layer->exclude);
    take_first(merged.platform, layer->platform);
    take_first(merged.output, layer->output);
    take_first(merged.reproducible, layer->reproducible);
    take_first(merged.include_deps, layer->include_deps);
    take_first(merged.venv, layer->venv);
    take_first(merged.requirements, layer->requirements);
    take_first(merged.lock, layer->lock);
    take_first(merged.extras, layer->extras);
    take_first(merged.groups, layer->groups);
    take_first(merged.index_url, layer->index_url);
    take_first(merged.extra_index_urls, layer->extra_index_urls);
    take_first(merged.find_links, layer->find_links);
    take_first(merged.no_index, layer->no_index);
    take_first(merged.compile_bytecode, layer->compile_bytecode);
    take_first(merged.allow_python_mismatch, layer->allow_python_mismatch);
    take_first(merged.allow_foreign_binaries, layer->allow_foreign_binaries);
    take_first(merged.ignore_requires_python, layer->ignore_requires_python);
    take_first(merged.allow_missing_libraries, layer->allow_missing_libraries);
    take_first(merged.sbom, layer->sbom);
    take_first(merged.registry_url, layer->registry_url);
    take_first(merged.registry_username, layer->registry_username);
    take_first(merged.push, layer->push);
    take_first(merged.dry_run, layer->dry_run);
    take_first(merged.verbose, layer->verbose);
    take_first(merged.no_cache, layer->no_cache);
    merge_lower(merged.env, layer->env);
    merge_lower(merged.labels, layer->labels);
  }
  return merged;
}

std::pair<std::string, std::string> parse_key_value(const std::string& text, const std::string& option)
{
  auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UsageError(option + " \"" + text + "\": expected KEY=VALUE");
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

std::vector<std::string> parse_command(const std::string& text, const std::string& what)
{
  auto first = text.find_first_not_of(" \t");
  if (first != std::string::npos && text[first] == '[') {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_array() || json.empty()) {
      throw UsageError(what + " \"" + text + "\": not a non-empty JSON array of strings");
    }
    std::vector<std::string> words;
    for (const auto& word : json) {
      if (!word.is_string()) {
        throw UsageError(what + " \"" + text + "\": not a non-empty JSON array of strings");
      }
      words.push_back(word.get<std::string>());
    }
    return words;
  }

  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote == '\'') {
      if (c == '\'') {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\\' && quote != '\'') {
      if (++i == text.size()) {
        throw UsageError(what + " \"" + text + "\": ends with a lone backslash");
      }
      word += text[i];
      in_word = true;
    } else if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) {
        words.push_back(std::move(word));
        word.clear();
        in_word = false;
      }
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    throw UsageError(what + " \"" + text + "\": unterminated " + (quote == '"' ? "double" : "single") + " quote");
  }
  if (in_word) {
    words.push_back(std::move(word));
  }
  if (words.empty()) {
    throw UsageError(what + " is empty");
  }
  return words;
}

} // namespace pycontainer::project
