#include "deps/library_resolver.hpp"

#include "util/string.hpp"

#include <fnmatch.h>

namespace pycontainer::deps {

namespace {

constexpr int k_max_include_depth = 8;
constexpr const char* k_cache_origin = "ld.so.cache, from /etc/ld.so.conf";

// What ld.so's $PLATFORM (AT_PLATFORM), Debian's multiarch triplet and musl's path file call a machine.
struct MachineNames {
  const char* platform;
  const char* triplet;
  const char* musl;
};

MachineNames machine_names(std::uint16_t machine)
{
  switch (machine) {
  case 62: return {"x86_64", "x86_64-linux-gnu", "x86_64"};
  case 183: return {"aarch64", "aarch64-linux-gnu", "aarch64"};
  case 3: return {"i686", "i386-linux-gnu", "i386"};
  case 40: return {"v7l", "arm-linux-gnueabihf", "armhf"};
  case 21: return {"ppc64le", "powerpc64le-linux-gnu", "powerpc64le"};
  case 22: return {"s390x", "s390x-linux-gnu", "s390x"};
  case 243: return {"riscv64", "riscv64-linux-gnu", "riscv64"};
  case 8: return {"mips64", "mips64el-linux-gnuabi64", "mips64el"};
  default: return {"", "", ""};
  }
}

std::string directory_of(const std::string& path)
{
  auto slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

std::string replace_all(std::string text, const std::string& from, const std::string& to)
{
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

struct Expanded {
  std::string directory;
  bool literal = false; // absolute as written, not made from $ORIGIN
};

// A search path's directories, dynamic string tokens expanded for `object`; empty entries dropped.
std::vector<Expanded> expand(const std::string& search_path, const LinkObject& object)
{
  auto names = machine_names(object.elf.machine);
  std::vector<Expanded> directories;
  for (auto piece : util::split(search_path, ':')) {
    std::string directory(piece);
    bool literal = directory.starts_with("/");
    for (const auto& [token, value] :
         {std::pair<std::string, std::string>{"ORIGIN", directory_of(object.path)},
          {"LIB", object.elf.is_64 ? "lib64" : "lib"}, {"PLATFORM", names.platform}}) {
      directory = replace_all(replace_all(directory, "${" + token + "}", value), "$" + token, value);
    }
    while (directory.size() > 1 && directory.ends_with('/')) {
      directory.pop_back();
    }
    if (!directory.empty()) {
      directories.push_back({std::move(directory), literal});
    }
  }
  return directories;
}

void read_ld_so_conf(const FileView& view, const std::string& file, int depth, std::vector<std::string>& directories)
{
  auto content = view.content(file);
  if (!content || depth > k_max_include_depth) {
    return;
  }
  for (auto piece : util::split(*content, '\n')) {
    std::string line(util::trim(piece.substr(0, piece.find('#'))));
    if (line.empty() || line.starts_with("hwcap")) {
      continue;
    }
    if (line.starts_with("include") && line.size() > 7 && (line[7] == ' ' || line[7] == '\t')) {
      auto patterns = replace_all(line.substr(8), "\t", " ");
      for (auto word : util::split(patterns, ' ')) {
        std::string pattern(word);
        if (pattern.empty()) {
          continue;
        }
        if (!pattern.starts_with("/")) {
          pattern = directory_of(file) + "/" + pattern;
        }
        auto directory = view.resolve(directory_of(pattern));
        if (!directory) {
          continue;
        }
        auto name_pattern = pattern.substr(pattern.rfind('/') + 1);
        auto prefix = directory->first == "/" ? std::string("/") : directory->first + "/";
        // glob(3) sorts its matches, as the map does.
        for (auto it = view.nodes().lower_bound(prefix); it != view.nodes().end() && it->first.starts_with(prefix); ++it) {
          auto name = it->first.substr(prefix.size());
          if (name.find('/') == std::string::npos && ::fnmatch(name_pattern.c_str(), name.c_str(), 0) == 0) {
            read_ld_so_conf(view, it->first, depth + 1, directories);
          }
        }
      }
      continue;
    }
    auto directory = line.substr(0, line.find('=')); // "DIR=TYPE", an old form
    for (auto& expanded : expand(std::string(util::trim(directory)), LinkObject{})) {
      directories.push_back(std::move(expanded.directory));
    }
  }
}

} // namespace

std::vector<std::string> ld_so_conf_directories(const FileView& view)
{
  std::vector<std::string> directories;
  read_ld_so_conf(view, "/etc/ld.so.conf", 0, directories);
  return directories;
}

Libc loader_libc(const FileView& view)
{
  auto musl = view.nodes().lower_bound("/lib/ld-musl-");
  return musl != view.nodes().end() && musl->first.starts_with("/lib/ld-musl-") ? Libc::musl : Libc::glibc;
}

LibraryResolver::LibraryResolver(const FileView& view, LoaderSettings settings)
  : m_view(view), m_settings(std::move(settings))
{
  if (m_settings.libc != Libc::musl) {
    m_configured = ld_so_conf_directories(view);
  }
}

std::vector<SearchDirectory> LibraryResolver::search_path(const LinkObject& object,
                                                          const std::vector<const LinkObject*>& loaders) const
{
  std::vector<SearchDirectory> path;
  auto add = [&](const std::string& search_path, const LinkObject& of, const std::string& origin) {
    for (auto& [directory, literal] : expand(search_path, of)) {
      bool missing = literal && !m_view.resolve(directory);
      path.push_back({std::move(directory), origin, missing});
    }
  };
  std::vector<const LinkObject*> chain{&object};
  chain.insert(chain.end(), loaders.begin(), loaders.end());
  bool musl = m_settings.libc == Libc::musl;
  if (musl) {
    add(m_settings.ld_library_path, object, "LD_LIBRARY_PATH");
    for (const auto* of : chain) {
      if (const auto& own = of->elf.runpath ? of->elf.runpath : of->elf.rpath) {
        add(*own, *of, std::string(of->elf.runpath ? "DT_RUNPATH" : "DT_RPATH") + " of " + of->path);
      }
    }
    auto path_file = std::string("/etc/ld-musl-") + machine_names(object.elf.machine).musl + ".path";
    auto configured = m_view.content(path_file);
    auto directories = configured ? replace_all(*configured, "\n", ":") : std::string("/lib:/usr/local/lib:/usr/lib");
    for (auto& expanded : expand(directories, object)) {
      path.push_back({std::move(expanded.directory), configured ? path_file : "musl's default path", false});
    }
    return path;
  }
  if (!object.elf.runpath) {
    for (const auto* of : chain) {
      if (of->elf.rpath && !of->elf.runpath) {
        add(*of->elf.rpath, *of, "DT_RPATH of " + of->path);
      }
    }
  }
  add(m_settings.ld_library_path, object, "LD_LIBRARY_PATH");
  if (object.elf.runpath) {
    add(*object.elf.runpath, object, "DT_RUNPATH of " + object.path);
  }
  for (const auto& directory : m_configured) {
    path.push_back({directory, k_cache_origin, false});
  }
  std::string triplet = machine_names(object.elf.machine).triplet;
  std::vector<std::string> system;
  if (!triplet.empty()) {
    system = {"/lib/" + triplet, "/usr/lib/" + triplet};
  }
  if (object.elf.is_64) {
    system.insert(system.end(), {"/lib64", "/usr/lib64"});
  }
  system.insert(system.end(), {"/lib", "/usr/lib"});
  for (auto& directory : system) {
    path.push_back({std::move(directory), "system directory", false});
  }
  return path;
}

std::optional<std::string> LibraryResolver::candidate(const std::string& path, const LinkObject& object,
                                                      bool own_allowed) const
{
  auto resolved = m_view.resolve(path);
  if (!resolved || resolved->second->kind != ViewNode::Kind::regular || (resolved->second->own && !own_allowed)) {
    return std::nullopt;
  }
  if (resolved->second->elf_machine != object.elf.machine || resolved->second->elf_64 != object.elf.is_64) {
    return std::nullopt;
  }
  return path;
}

LibrarySearch LibraryResolver::find(const std::string& name, const LinkObject& object,
                                    const std::vector<const LinkObject*>& loaders) const
{
  LibrarySearch search;
  search.name = name;
  if (name.find('/') != std::string::npos) {
    auto path = name.starts_with("/") ? name : "/" + name; // relative to the working directory: taken as the root
    search.found = candidate(path, object, true);
    search.searched.push_back({directory_of(path), "its path", false});
    return search;
  }
  search.searched = search_path(object, loaders);
  for (const auto& directory : search.searched) {
    bool cached = directory.origin == k_cache_origin;
    if (auto found = candidate((directory.path == "/" ? "" : directory.path) + "/" + name, object, !cached)) {
      search.found = found;
      break;
    }
  }
  return search;
}

} // namespace pycontainer::deps
