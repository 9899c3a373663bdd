#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

// An image's file system as the dynamic loader sees it, without the content of its files: each absolute
// path is a directory, a regular file (with the class and machine of an ELF file) or a symlink. Layers
// are applied bottom first (`add` over a path replaces it; `remove` and `empty` apply OCI whiteouts), and
// a few configuration files keep their content (/etc/ld.so.conf and what it includes, musl's path file).
namespace pycontainer::deps {

struct ViewNode {
  enum class Kind : char { directory = 'd', regular = 'f', symlink = 'l' };
  Kind kind = Kind::regular;
  std::string link_target; // symlinks, as written
  // Regular ELF files: e_machine (0 when not an ELF file) and whether it is 64-bit.
  std::uint16_t elf_machine = 0;
  bool elf_64 = false;
  // Whether one of the image's own layers adds it (else the base's: trusted, not checked in turn).
  bool own = false;
};

class FileView {
public:
  // `path` absolute, without a trailing '/'.
  void add(const std::string& path, ViewNode node);
  // Removes `path` and everything below it (a ".wh.<name>" whiteout).
  void remove(const std::string& path);
  // Removes everything below `directory`, keeping it (a ".wh..wh..opq" whiteout).
  void empty(const std::string& directory);
  void set_content(const std::string& path, std::string content);

  // The node at `path` as written, links not followed; nullptr when none.
  const ViewNode* find(const std::string& path) const;
  // `path` with every symlink in it followed inside the image (absolute targets from its root, relative
  // ones from the link's directory, ".." never above the root), and its node; nullopt when it does not
  // exist or the links loop. A directory with no entry of its own exists when something is below it.
  std::optional<std::pair<std::string, const ViewNode*>> resolve(const std::string& path) const;
  // Whether `path`, links followed, is a directory (a regular file).
  bool is_directory(const std::string& path) const;
  bool is_file(const std::string& path) const;
  // The names of what is directly in the directory at `path` (links followed), sorted; empty when it is
  // no directory.
  std::vector<std::string> list(const std::string& path) const;
  // The content kept for the file at `path` (links followed); nullopt when none is kept.
  std::optional<std::string> content(const std::string& path) const;

  // Every path, sorted, with its node.
  const std::map<std::string, ViewNode>& nodes() const { return m_nodes; }
  const std::map<std::string, std::string>& contents() const { return m_contents; }

private:
  std::map<std::string, ViewNode> m_nodes;
  std::map<std::string, std::string> m_contents;
};

// Whether the image keeps the content of the file at `path` for the loader's configuration:
// /etc/ld.so.conf, /etc/ld.so.conf.d/*, /etc/ld-musl-*.path.
bool is_loader_configuration(const std::string& path);

} // namespace pycontainer::deps
