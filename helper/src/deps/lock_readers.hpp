#pragma once

#include "deps/lock_file.hpp"

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

// The readers of lock_file.hpp's formats, and what they share. Private to deps/lock_*.cpp.
namespace pycontainer::deps::lock_readers {

// Reads the fields of a TOML lock, failing with "FILE:LINE:COLUMN: what is wrong: what to do".
class TomlFields {
public:
  explicit TomlFields(std::filesystem::path file) : m_file(std::move(file)) {}

  // The file parsed; a syntax error names its line and column.
  toml::table parse() const;

  [[noreturn]] void fail(const toml::node& node, const std::string& what) const;
  [[noreturn]] void fail(const std::string& what) const;
  std::string at(const toml::node& node) const; // "uv.lock:42"

  // `key` of `table` as a string: UsageError when it is not one, "" when absent and not required.
  std::string string(const toml::table& table, std::string_view key, bool required = false) const;
  const toml::table& table(const toml::node& node, std::string_view what) const;
  // The array at `key`, nullptr when absent; UsageError when it is another type.
  const toml::array* array(const toml::table& table, std::string_view key) const;
  const toml::table* subtable(const toml::table& table, std::string_view key) const;
  std::vector<std::string> strings(const toml::table& table, std::string_view key) const;
  // Each element of the array at `key` as a table (tables of an array of tables too).
  std::vector<const toml::table*> tables(const toml::table& table, std::string_view key) const;

  const std::filesystem::path& file() const { return m_file; }

private:
  std::filesystem::path m_file;
};

// A PEP 508 requirement as lock files write them: "name[extra1,extra2] (>=1.0) ; marker". nullopt for
// a line naming no distribution.
struct Requirement {
  std::string name; // normalised
  std::vector<std::string> extras;
  std::string specifier;
  std::string marker;
};
std::optional<Requirement> parse_requirement(std::string_view text);

// The edges of PEP 508 requirement strings (lines naming no distribution left out).
std::vector<LockedDependency> requirement_edges(const std::vector<std::string>& requirements);

// What a pyproject.toml's [project] table requires, added to a walked lock: `dependencies` to its
// roots, each `optional-dependencies` extra to its root extras.
void read_project_requirements(const TomlFields& fields, const toml::table& pyproject, Lock& lock);

// The file name a URL or path ends with ("https://h/p/Flask-3.0.0-py3-none-any.whl#sha256=..." -> the
// name), percent-escapes left as they are.
std::string file_name_of(std::string_view url_or_path);

// A file of a lock at a URL or a path: `url`, `path`, `size`, and its name from `name_key`, else the last
// part of the URL or path. UsageError naming the table when it has neither URL nor path.
LockedFile located_file(const TomlFields& fields, const toml::table& table, std::string_view name_key);

// Adds `file` to the package's wheels or sdists by its name.
void add_file(LockedPackage& package, LockedFile file);

Lock read_uv(const TomlFields& fields, const toml::table& root);
Lock read_poetry(const TomlFields& fields, const toml::table& root);
Lock read_pdm(const TomlFields& fields, const toml::table& root);
Lock read_pylock(const TomlFields& fields, const toml::table& root);
Lock read_pipfile(const std::filesystem::path& file);
Lock read_requirements(const std::filesystem::path& file);

} // namespace pycontainer::deps::lock_readers
