#include "project/config_file.hpp"

#include "util/error.hpp"
#include "util/file.hpp"
#include "util/string.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

namespace pycontainer::project {

namespace {

// Where a key or value stands, for error messages: "path:line:column".
std::string position(const std::filesystem::path& file, const toml::source_region& source)
{
  return file.string() + ":" + std::to_string(source.begin.line) + ":" + std::to_string(source.begin.column);
}

std::string position(const std::filesystem::path& file, const toml::node& node)
{
  return position(file, node.source());
}

[[noreturn]] void fail(const std::filesystem::path& file, const toml::source_region& source, const std::string& message)
{
  throw UsageError(position(file, source) + ": " + message);
}

[[noreturn]] void fail(const std::filesystem::path& file, const toml::node& node, const std::string& message)
{
  fail(file, node.source(), message);
}

std::string normalise_key(std::string_view key)
{
  std::string normalised(key);
  std::replace(normalised.begin(), normalised.end(), '-', '_');
  return normalised;
}

std::string read_string(const std::filesystem::path& file, const toml::node& node, const std::string& key)
{
  if (auto value = node.value<std::string>(); value && node.is_string()) {
    return *value;
  }
  fail(file, node, "\"" + key + "\" must be a string");
}

bool read_bool(const std::filesystem::path& file, const toml::node& node, const std::string& key)
{
  if (node.is_boolean()) {
    return *node.value<bool>();
  }
  fail(file, node, "\"" + key + "\" must be true or false");
}

std::vector<std::string> read_string_list(const std::filesystem::path& file, const toml::node& node,
                                          const std::string& key, bool numbers_allowed)
{
  std::vector<std::string> values;
  auto take = [&](const toml::node& item) {
    if (item.is_string()) {
      values.push_back(*item.value<std::string>());
    } else if (numbers_allowed && item.is_integer()) {
      values.push_back(std::to_string(*item.value<std::int64_t>()));
    } else {
      fail(file, item, "\"" + key + "\" must be " +
                         (numbers_allowed ? "a list of port numbers or strings" : "a list of strings"));
    }
  };
  if (const auto* array = node.as_array()) {
    for (const auto& item : *array) {
      take(item);
    }
  } else {
    take(node);
  }
  return values;
}

std::vector<std::string> read_command(const std::filesystem::path& file, const toml::node& node, const std::string& key)
{
  if (node.is_string()) {
    return with_context(position(file, node), [&] { return parse_command(*node.value<std::string>(), key); });
  }
  auto words = read_string_list(file, node, key, false);
  if (words.empty()) {
    fail(file, node, "\"" + key + "\" must not be empty");
  }
  return words;
}

KeyValues read_string_table(const std::filesystem::path& file, const toml::node& node, const std::string& key)
{
  const auto* table = node.as_table();
  if (!table) {
    fail(file, node, "\"" + key + "\" must be a table of strings");
  }
  KeyValues values;
  for (const auto& [name, value] : *table) {
    if (value.is_string()) {
      values.emplace_back(std::string(name.str()), *value.value<std::string>());
    } else if (value.is_integer() || value.is_floating_point() || value.is_boolean()) {
      // TOML users write PORT = 8080; the environment holds text anyway.
      std::string text = value.is_boolean() ? (*value.value<bool>() ? "true" : "false")
                         : value.is_integer() ? std::to_string(*value.value<std::int64_t>())
                                              : std::to_string(*value.value<double>());
      values.emplace_back(std::string(name.str()), text);
    } else {
      fail(file, value, "\"" + key + "." + std::string(name.str()) + "\" must be a string");
    }
  }
  return values;
}

using Reader = std::function<void(const std::filesystem::path&, const toml::node&, SettingsLayer&, const std::string&)>;

struct KeySpec {
  std::string_view name;
  Reader read;
};

Reader string_into(std::optional<std::string> SettingsLayer::*member)
{
  return [member](const auto& file, const auto& node, SettingsLayer& layer, const std::string& key) {
    layer.*member = read_string(file, node, key);
  };
}

Reader bool_into(std::optional<bool> SettingsLayer::*member)
{
  return [member](const auto& file, const auto& node, SettingsLayer& layer, const std::string& key) {
    layer.*member = read_bool(file, node, key);
  };
}

// pycontainer-build's use_cache = false is our no_cache = true.
Reader negated_bool_into(std::optional<bool> SettingsLayer::*member)
{
  return [member](const auto& file, const auto& node, SettingsLayer& layer, const std::string& key) {
    layer.*member = !read_bool(file, node, key);
  };
}

// generate_sbom: a format ("spdx", "cyclonedx"), or pycontainer-build's true (SPDX) and false (none).
Reader sbom_into()
{
  return [](const auto& file, const auto& node, SettingsLayer& layer, const std::string& key) {
    if (node.is_boolean()) {
      layer.sbom = *node.template value<bool>() ? std::optional<std::string>("spdx") : std::nullopt;
    } else {
      layer.sbom = read_string(file, node, key);
    }
  };
}

Reader list_into(std::optional<std::vector<std::string>> SettingsLayer::*member, bool numbers_allowed = false)
{
  return [member, numbers_allowed](const auto& file, const auto& node, SettingsLayer& layer, const std::string& key) {
    layer.*member = read_string_list(file, node, key, numbers_allowed);
  };
}

Reader command_into(std::optional<std::vector<std::string>> SettingsLayer::*member)
{
  return [member](const auto& file, const auto& node, SettingsLayer& layer, const std::string& key) {
    layer.*member = read_command(file, node, key);
  };
}

Reader table_into(KeyValues SettingsLayer::*member)
{
  return [member](const auto& file, const auto& node, SettingsLayer& layer, const std::string& key) {
    layer.*member = read_string_table(file, node, key);
  };
}

const std::vector<KeySpec>& build_keys()
{
  static const std::vector<KeySpec> k_keys{
    {"tag", string_into(&SettingsLayer::tag)},
    {"base_image", string_into(&SettingsLayer::base_image)},
    {"workdir", string_into(&SettingsLayer::workdir)},
    {"entrypoint", command_into(&SettingsLayer::entrypoint)},
    {"cmd", command_into(&SettingsLayer::cmd)},
    {"user", string_into(&SettingsLayer::user)},
    {"expose", list_into(&SettingsLayer::expose, true)},
    {"exposed_ports", list_into(&SettingsLayer::expose, true)},
    {"include", list_into(&SettingsLayer::include)},
    {"include_paths", list_into(&SettingsLayer::include)},
    {"exclude", list_into(&SettingsLayer::exclude)},
    {"platform", string_into(&SettingsLayer::platform)},
    {"output", string_into(&SettingsLayer::output)},
    {"output_dir", string_into(&SettingsLayer::output)},
    {"reproducible", bool_into(&SettingsLayer::reproducible)},
    {"include_deps", bool_into(&SettingsLayer::include_deps)},
    {"venv", string_into(&SettingsLayer::venv)},
    {"requirements", string_into(&SettingsLayer::requirements)},
    {"lock", string_into(&SettingsLayer::lock)},
    {"extras", list_into(&SettingsLayer::extras)},
    {"groups", list_into(&SettingsLayer::groups)},
    {"index_url", string_into(&SettingsLayer::index_url)},
    {"extra_index_urls", list_into(&SettingsLayer::extra_index_urls)},
    {"extra_index_url", list_into(&SettingsLayer::extra_index_urls)},
    {"find_links", list_into(&SettingsLayer::find_links)},
    {"no_index", bool_into(&SettingsLayer::no_index)},
    {"compile_bytecode", bool_into(&SettingsLayer::compile_bytecode)},
    {"allow_python_mismatch", bool_into(&SettingsLayer::allow_python_mismatch)},
    {"allow_foreign_binaries", bool_into(&SettingsLayer::allow_foreign_binaries)},
    {"ignore_requires_python", bool_into(&SettingsLayer::ignore_requires_python)},
    {"allow_missing_libraries", bool_into(&SettingsLayer::allow_missing_libraries)},
    {"sbom", string_into(&SettingsLayer::sbom)},
    {"generate_sbom", sbom_into()},
    {"push", bool_into(&SettingsLayer::push)},
    {"dry_run", bool_into(&SettingsLayer::dry_run)},
    {"verbose", bool_into(&SettingsLayer::verbose)},
    {"no_cache", bool_into(&SettingsLayer::no_cache)},
    {"use_cache", negated_bool_into(&SettingsLayer::no_cache)},
    {"requirements_file", string_into(&SettingsLayer::requirements)},
    {"env", table_into(&SettingsLayer::env)},
    {"labels", table_into(&SettingsLayer::labels)},
  };
  return k_keys;
}

const std::vector<KeySpec>& registry_keys()
{
  static const std::vector<KeySpec> k_keys{
    {"url", string_into(&SettingsLayer::registry_url)},
    {"username", string_into(&SettingsLayer::registry_username)},
  };
  return k_keys;
}

std::string unknown_key_message(const std::string& key, const std::string& table, const std::vector<KeySpec>& keys,
                                const std::vector<std::string_view>& extra_names)
{
  std::string message = "unknown key \"" + key + "\" in [" + table + "]";
  std::vector<std::string_view> names = extra_names;
  for (const auto& spec : keys) {
    names.push_back(spec.name);
  }
  if (auto best = util::closest_match(key, names)) {
    message += " (did you mean \"" + std::string(*best) + "\"?)";
  }
  return message;
}

// Reads the keys of `table` into `layer`; keys named in `sub_tables` are left to the caller.
void read_table(const std::filesystem::path& file, const toml::table& table, const std::string& table_name,
                const std::vector<KeySpec>& keys, const std::vector<std::string_view>& sub_tables, SettingsLayer& layer)
{
  for (const auto& [raw_key, node] : table) {
    std::string key = normalise_key(raw_key.str());
    if (std::find(sub_tables.begin(), sub_tables.end(), key) != sub_tables.end()) {
      continue;
    }
    auto spec = std::find_if(keys.begin(), keys.end(), [&](const KeySpec& candidate) { return candidate.name == key; });
    if (spec == keys.end()) {
      fail(file, raw_key.source(), unknown_key_message(key, table_name, keys, sub_tables));
    }
    spec->read(file, node, layer, key);
  }
}

const toml::table& expect_table(const std::filesystem::path& file, const toml::node& node, const std::string& name)
{
  const auto* table = node.as_table();
  if (!table) {
    fail(file, node, "[" + name + "] must be a table");
  }
  return *table;
}

toml::table parse_toml(const std::filesystem::path& file)
{
  std::error_code error;
  if (!std::filesystem::exists(file, error)) {
    throw UsageError("config file '" + file.string() + "' does not exist");
  }
  std::string content = util::read_file(file);
  try {
    return toml::parse(content, file.string());
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw UsageError(file.string() + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) + ": " +
                     std::string(error.description()));
  }
}

} // namespace

SettingsLayer load_config_file(const std::filesystem::path& file)
{
  toml::table document = parse_toml(file);
  SettingsLayer layer;
  for (const auto& [raw_key, node] : document) {
    std::string key = normalise_key(raw_key.str());
    if (key == "build") {
      read_table(file, expect_table(file, node, key), "build", build_keys(), {}, layer);
    } else if (key == "registry") {
      read_table(file, expect_table(file, node, key), "registry", registry_keys(), {}, layer);
    } else {
      fail(file, raw_key.source(), "unknown table [" + key + "] (pycontainer.toml has [build], [build.env], "
                                   "[build.labels] and [registry])");
    }
  }
  return layer;
}

SettingsLayer load_tool_table(const std::filesystem::path& pyproject_file)
{
  toml::table document = parse_toml(pyproject_file);
  SettingsLayer layer;
  const toml::node* tool = document.get("tool");
  const toml::node* node = tool && tool->is_table() ? tool->as_table()->get("pycontainer") : nullptr;
  if (!node) {
    return layer;
  }
  const auto& table = expect_table(pyproject_file, *node, "tool.pycontainer");
  read_table(pyproject_file, table, "tool.pycontainer", build_keys(), {"registry"}, layer);
  if (const toml::node* registry = table.get("registry")) {
    // pycontainer-build's `registry = "ghcr.io/acme/app"`, or our table of url and username.
    if (registry->is_string()) {
      layer.registry_url = *registry->value<std::string>();
    } else {
      read_table(pyproject_file, expect_table(pyproject_file, *registry, "tool.pycontainer.registry"),
                 "tool.pycontainer.registry", registry_keys(), {}, layer);
    }
  }
  return layer;
}

} // namespace pycontainer::project
