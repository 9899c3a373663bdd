#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pycontainer::project {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// The build settings one source gives: the command line, a pycontainer.toml, [tool.pycontainer].
// Unset fields (nullopt, empty) leave the decision to a source of lower precedence or to detection.
struct SettingsLayer {
  std::optional<std::string> tag;
  std::optional<std::string> base_image;
  std::optional<std::string> workdir;
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
  std::optional<std::string> user;
  std::optional<std::vector<std::string>> expose;
  std::optional<std::vector<std::string>> include;
  std::optional<std::vector<std::string>> exclude;
  std::optional<std::string> platform;
  std::optional<std::string> output;
  std::optional<bool> reproducible;
  std::optional<bool> include_deps;
  std::optional<std::string> venv;          // the virtualenv whose packages go in (else one in the context)
  std::optional<std::string> requirements;  // requirements file installed by pip (else requirements.txt)
  std::optional<std::string> lock;          // the lock file (else one in the context, deps/lock_file.hpp)
  std::optional<std::vector<std::string>> extras; // the project's extras a lock installs
  std::optional<std::vector<std::string>> groups; // the dependency groups a lock installs
  // Where a lock's wheels are looked up when it names no URL (pip's options; PIP_* are the defaults).
  std::optional<std::string> index_url;
  std::optional<std::vector<std::string>> extra_index_urls;
  std::optional<std::vector<std::string>> find_links; // directories, files or URLs of pages of links
  std::optional<bool> no_index;
  std::optional<bool> compile_bytecode;     // precompile the dependencies' .pyc (unchecked-hash)
  std::optional<bool> allow_python_mismatch;  // build although dependencies and base differ in Python X.Y
  std::optional<bool> allow_foreign_binaries; // build although ELF files do not fit the platform or libc
  std::optional<bool> ignore_requires_python; // build although requires-python excludes the base's Python
  std::optional<bool> allow_missing_libraries; // build although the loader would not find a library
  std::optional<std::string> sbom;
  // Where the image is pushed (--registry, [registry] url, pycontainer-build's `registry` string): a
  // registry host ("ghcr.io"), a repository ("ghcr.io/acme/app") or a reference ("ghcr.io/acme/app:1").
  std::optional<std::string> registry_url;
  std::optional<std::string> registry_username;
  // What a build does once planned (pycontainer-build's keys): push after building, print the plan
  // only, say more, pack every layer again.
  std::optional<bool> push;
  std::optional<bool> dry_run;
  std::optional<bool> verbose;
  std::optional<bool> no_cache;
  KeyValues env;    // merged by key across sources
  KeyValues labels; // merged by key across sources
};

// Merges sources from the highest precedence to the lowest: the first source that sets a field
// decides it; env and labels are merged key by key, higher sources winning.
SettingsLayer merge_settings(const std::vector<const SettingsLayer*>& highest_first);

// Parses "K=V" (--env, --label); throws UsageError naming the option for a missing '=' or empty key.
std::pair<std::string, std::string> parse_key_value(const std::string& text, const std::string& option);

// Splits a command given as one string: a JSON array (["python3", "-m", "app"]) or shell-like words
// with single/double quotes and backslash escapes. Throws UsageError naming `what` when malformed.
std::vector<std::string> parse_command(const std::string& text, const std::string& what);

} // namespace pycontainer::project
