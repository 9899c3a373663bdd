#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What a git checkout says about its sources, read from its files without running git:
//   .git                a directory, or a file "gitdir: PATH" (a worktree, a submodule) naming one
//   <gitdir>/HEAD       "ref: refs/heads/NAME" or a commit id (detached)
//   <gitdir>/commondir  a worktree's pointer to the repository's own directory, which holds the branches
//                       (refs/heads/NAME, loose) and packed-refs ("<id> <ref>" lines; "^<id>" peels a tag)
//   <common>/config     git-config syntax: [section "subsection"], `key = value` (keys case-insensitive,
//                       values with "quotes", \ escapes, # and ; comments, \ at the end continuing a line)
namespace pycontainer::util {

struct GitCheckout {
  std::filesystem::path git_dir;    // where HEAD is: <top>/.git, or <repository>/.git/worktrees/NAME
  std::filesystem::path common_dir; // where the branches, packed-refs and config are
  std::string revision;             // the commit HEAD names (40 or 64 hex digits); empty on an unborn branch
  std::string origin_url;           // [remote "origin"] url as written; empty when there is none
  // What a new commit or remote changes: HEAD, the branch's loose ref or the directory it would be
  // written to, packed-refs, config (those that exist), for depfiles.
  std::vector<std::filesystem::path> files;
};

// The checkout `directory` belongs to: the nearest `.git` in it or a parent directory; nullopt when there
// is none. A part that cannot be read (a dangling ref, a config of broken syntax) is left empty, with a
// warning naming the file.
std::optional<GitCheckout> find_git_checkout(const std::filesystem::path& directory);

// A remote's URL as a browsable one: "git@github.com:o/r.git" and "ssh://git@host:22/o/r" ->
// "https://github.com/o/r", "https://user:token@host/o/r.git/" -> "https://host/o/r" (credentials and
// ".git" left out); nullopt for a local path, file:// or a scheme it does not know.
std::optional<std::string> browsable_repository_url(std::string_view url);

} // namespace pycontainer::util
