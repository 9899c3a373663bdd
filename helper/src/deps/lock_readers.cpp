#include "deps/lock_readers.hpp"

#include "deps/distributions.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/string.hpp"

#include <cctype>

namespace pycontainer::deps::lock_readers {

toml::table TomlFields::parse() const
{
  auto content = util::read_file(m_file, 64 << 20);
  try {
    return toml::parse(content, m_file.string());
  } catch (const toml::parse_error& error) {
    fail(m_file.string() + ":" + std::to_string(error.source().begin.line) + ":" +
         std::to_string(error.source().begin.column) + ": " + std::string(error.description()) +
         " (not valid TOML): repair it, or write it again with its tool");
  }
}

void TomlFields::fail(const toml::node& node, const std::string& what) const
{
  throw UsageError(m_file.string() + ":" + std::to_string(node.source().begin.line) + ":" +
                   std::to_string(node.source().begin.column) + ": " + what);
}

void TomlFields::fail(const std::string& what) const
{
  throw UsageError(what.starts_with(m_file.string()) ? what : m_file.string() + ": " + what);
}

std::string TomlFields::at(const toml::node& node) const
{
  return m_file.filename().string() + ":" + std::to_string(node.source().begin.line);
}

std::string TomlFields::string(const toml::table& table, std::string_view key, bool required) const
{
  const auto* node = table.get(key);
  if (node == nullptr) {
    if (required) {
      fail(table, "this table has no `" + std::string(key) + "`: the lock is damaged; write it again with its tool");
    }
    return "";
  }
  const auto* value = node->as_string();
  if (value == nullptr) {
    fail(*node, "`" + std::string(key) + "` must be a string");
  }
  return value->get();
}

const toml::table& TomlFields::table(const toml::node& node, std::string_view what) const
{
  const auto* value = node.as_table();
  if (value == nullptr) {
    fail(node, std::string(what) + " must be a table");
  }
  return *value;
}

const toml::array* TomlFields::array(const toml::table& table, std::string_view key) const
{
  const auto* node = table.get(key);
  if (node == nullptr) {
    return nullptr;
  }
  const auto* value = node->as_array();
  if (value == nullptr) {
    fail(*node, "`" + std::string(key) + "` must be an array");
  }
  return value;
}

const toml::table* TomlFields::subtable(const toml::table& parent, std::string_view key) const
{
  const auto* node = parent.get(key);
  return node == nullptr ? nullptr : &table(*node, "`" + std::string(key) + "`");
}

std::vector<std::string> TomlFields::strings(const toml::table& table, std::string_view key) const
{
  std::vector<std::string> values;
  if (const auto* items = array(table, key)) {
    for (const auto& item : *items) {
      const auto* value = item.as_string();
      if (value == nullptr) {
        fail(item, "`" + std::string(key) + "` must be an array of strings");
      }
      values.push_back(value->get());
    }
  }
  return values;
}

std::vector<const toml::table*> TomlFields::tables(const toml::table& parent, std::string_view key) const
{
  std::vector<const toml::table*> values;
  if (const auto* items = array(parent, key)) {
    for (const auto& item : *items) {
      values.push_back(&table(item, "each of `" + std::string(key) + "`"));
    }
  }
  return values;
}

std::optional<Requirement> parse_requirement(std::string_view text)
{
  text = util::trim(text);
  auto is_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'; };
  std::size_t end = 0;
  while (end < text.size() && is_name(text[end])) {
    ++end;
  }
  if (end == 0) {
    return std::nullopt;
  }
  Requirement requirement;
  requirement.name = normalise_name(text.substr(0, end));
  auto rest = util::trim(text.substr(end));
  if (rest.starts_with('[')) {
    auto close = rest.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    for (auto extra : util::split(rest.substr(1, close - 1), ',')) {
      if (!util::trim(extra).empty()) {
        requirement.extras.push_back(normalise_name(util::trim(extra)));
      }
    }
    rest = util::trim(rest.substr(close + 1));
  }
  auto semicolon = rest.find(';');
  if (semicolon != std::string_view::npos) {
    requirement.marker = std::string(util::trim(rest.substr(semicolon + 1)));
    rest = util::trim(rest.substr(0, semicolon));
  }
  if (rest.starts_with('(') && rest.ends_with(')')) {
    rest = util::trim(rest.substr(1, rest.size() - 2));
  }
  requirement.specifier = std::string(rest);
  return requirement;
}

std::vector<LockedDependency> requirement_edges(const std::vector<std::string>& requirements)
{
  std::vector<LockedDependency> edges;
  for (const auto& text : requirements) {
    if (auto requirement = parse_requirement(text)) {
      edges.push_back({requirement->name, requirement->marker, "", "", requirement->extras});
    }
  }
  return edges;
}

void read_project_requirements(const TomlFields& fields, const toml::table& pyproject, Lock& lock)
{
  const auto* project = pyproject["project"].as_table();
  if (project == nullptr) {
    return;
  }
  auto roots = requirement_edges(fields.strings(*project, "dependencies"));
  lock.roots.insert(lock.roots.end(), roots.begin(), roots.end());
  if (const auto* extras = fields.subtable(*project, "optional-dependencies")) {
    for (const auto& [extra, value] : *extras) {
      (void)value;
      auto& into = lock.root_extras[normalise_name(extra.str())];
      auto more = requirement_edges(fields.strings(*extras, extra.str()));
      into.insert(into.end(), more.begin(), more.end());
    }
  }
}

std::string file_name_of(std::string_view url_or_path)
{
  url_or_path = url_or_path.substr(0, url_or_path.find_first_of("#?"));
  auto slash = url_or_path.rfind('/');
  return std::string(slash == std::string_view::npos ? url_or_path : url_or_path.substr(slash + 1));
}

LockedFile located_file(const TomlFields& fields, const toml::table& table, std::string_view name_key)
{
  LockedFile file;
  file.url = fields.string(table, "url");
  file.path = fields.string(table, "path");
  if (file.url.empty() && file.path.empty()) {
    fields.fail(table, "a file with neither `url` nor `path`: the lock is damaged; write it again with its tool");
  }
  file.name = fields.string(table, name_key);
  if (file.name.empty()) {
    file.name = file_name_of(file.url.empty() ? file.path : file.url);
  }
  if (auto size = table["size"].value<std::int64_t>()) {
    file.size = static_cast<std::uint64_t>(*size);
  }
  return file;
}

void add_file(LockedPackage& package, LockedFile file)
{
  (file.name.ends_with(".whl") ? package.wheels : package.sdists).push_back(std::move(file));
}

} // namespace pycontainer::deps::lock_readers
