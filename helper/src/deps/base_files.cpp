#include "deps/base_files.hpp"

#include "deps/elf.hpp"
#include "layer/image_files.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/sha256.hpp"
#include "util/string.hpp"

#include <archive_entry.h>

#include <charconv>

namespace pycontainer::deps {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_header = "pycontainer base files 1";
constexpr std::size_t k_max_configuration_size = 1024 * 1024;

std::string escape(const std::string& text)
{
  std::string escaped;
  for (char c : text) {
    if (c == '\\' || c == '\n' || c == '\t') {
      escaped += '\\';
      escaped += c == '\n' ? 'n' : c == '\t' ? 't' : '\\';
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string unescape(std::string_view text)
{
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      char next = text[++i];
      plain += next == 'n' ? '\n' : next == 't' ? '\t' : next;
    } else {
      plain += text[i];
    }
  }
  return plain;
}

std::string serialise(const FileView& view)
{
  std::string text(k_header);
  text += '\n';
  for (const auto& [path, node] : view.nodes()) {
    text += static_cast<char>(node.kind);
    text += '\t' + path;
    if (node.kind == ViewNode::Kind::symlink) {
      text += '\t' + node.link_target;
    } else if (node.elf_machine != 0) {
      text += '\t' + std::to_string(node.elf_machine) + (node.elf_64 ? ":64" : ":32");
    }
    text += '\n';
  }
  for (const auto& [path, content] : view.contents()) {
    text += "c\t" + path + '\t' + escape(content) + '\n';
  }
  return text;
}

// UsageError naming the line when `text` is not what serialise() writes.
FileView parse(const std::string& text)
{
  FileView view;
  auto lines = util::split(text, '\n');
  if (lines.empty() || lines.front() != k_header) {
    throw UsageError("line 1 is not \"" + std::string(k_header) + "\"");
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      continue;
    }
    auto fields = util::split(lines[i], '\t');
    auto bad = [&] { return UsageError("line " + std::to_string(i + 1) + " is damaged"); };
    if (fields.size() < 2 || fields[0].size() != 1 || !fields[1].starts_with("/")) {
      throw bad();
    }
    std::string path(fields[1]);
    ViewNode node;
    switch (fields[0][0]) {
    case 'd': node.kind = ViewNode::Kind::directory; break;
    case 'f': node.kind = ViewNode::Kind::regular; break;
    case 'l':
      if (fields.size() != 3) {
        throw bad();
      }
      node.kind = ViewNode::Kind::symlink;
      node.link_target = std::string(fields[2]);
      break;
    case 'c':
      if (fields.size() != 3) {
        throw bad();
      }
      view.set_content(path, unescape(fields[2]));
      continue;
    default: throw bad();
    }
    if (node.kind == ViewNode::Kind::regular && fields.size() == 3) {
      auto identity = fields[2];
      auto colon = identity.find(':');
      auto [end, error] = std::from_chars(identity.data(), identity.data() + identity.size(), node.elf_machine);
      if (error != std::errc() || colon == std::string_view::npos || end != identity.data() + colon) {
        throw bad();
      }
      node.elf_64 = identity.substr(colon + 1) == "64";
    }
    view.add(path, std::move(node));
  }
  return view;
}

FileView scan(const std::vector<std::pair<fs::path, std::string>>& layers)
{
  FileView view;
  for (const auto& [blob, media_type] : layers) {
    apply_layer_to_view(view, blob, media_type, [&](const std::string& path, ViewNode& node, layer::LayerReader& reader) {
      read_loader_file(view, path, node, reader);
    });
  }
  return view;
}

} // namespace

void read_loader_file(FileView& view, const std::string& path, ViewNode& node, layer::LayerReader& reader)
{
  if (is_loader_configuration(path)) { // before its name, "ld.so.conf", is taken for a library's
    view.set_content(path, reader.content(k_max_configuration_size));
  } else if (path.substr(path.rfind('/')).find(".so") != std::string::npos) {
    if (auto identity = elf_identity(reader.head(k_elf_identity_size))) {
      node.elf_machine = identity->machine;
      node.elf_64 = identity->is_64;
    }
  }
}

void apply_layer_to_view(FileView& view, const fs::path& blob, const std::string& media_type,
                         const ViewFileReader& read_file)
{
  layer::LayerChanges changes;
  changes.add = [&](const std::string& path, archive_entry* entry, layer::LayerReader& reader) {
    if (path.find_first_of("\t\n") != std::string::npos) {
      return;
    }
    ViewNode node;
    auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) {
      node.kind = ViewNode::Kind::directory;
    } else if (type == AE_IFLNK) {
      node.kind = ViewNode::Kind::symlink;
      node.link_target = archive_entry_symlink(entry);
      if (node.link_target.find_first_of("\t\n") != std::string::npos) {
        return;
      }
    } else if (const char* hardlink = archive_entry_hardlink(entry)) {
      // A hard link shares its target's node (a tar names the target first).
      std::string target_path = hardlink;
      while (target_path.starts_with("./") || target_path.starts_with("/")) {
        target_path.erase(0, target_path.front() == '.' ? 2 : 1);
      }
      if (const auto* target = view.find("/" + target_path)) {
        node = *target;
      }
    } else if (type != AE_IFREG) {
      return; // devices, FIFOs: nothing the loader opens
    }
    const auto* lower = view.find(path);
    if (lower && !(lower->kind == ViewNode::Kind::directory && node.kind == ViewNode::Kind::directory)) {
      view.remove(path); // a lower layer's file goes (its content too), or its directory with what was below it
    }
    if (type == AE_IFREG && !archive_entry_hardlink(entry)) {
      read_file(path, node, reader);
    }
    view.add(path, std::move(node));
  };
  changes.remove = [&](const std::string& path) { view.remove(path); };
  changes.empty = [&](const std::string& directory) { view.empty(directory); };
  layer::apply_layer(blob, media_type, blob.filename().string(), changes);
}

fs::path base_cache_file(const std::vector<std::pair<fs::path, std::string>>& layers, const fs::path& cache_directory,
                         const std::string& kind, const std::string& extension)
{
  std::string key = kind + "\n";
  for (const auto& [blob, media_type] : layers) {
    key += blob.filename().string() + "\n";
  }
  return cache_directory / "deps" / "base" / (util::sha256_hex(key) + extension);
}

FileView base_file_view(const std::vector<std::pair<fs::path, std::string>>& layers, const fs::path& cache_directory)
{
  if (cache_directory.empty()) {
    return scan(layers);
  }
  auto cache_file = base_cache_file(layers, cache_directory, "base files 1", ".files");
  if (fs::is_regular_file(cache_file)) {
    try {
      return parse(util::read_file(cache_file));
    } catch (const UsageError& error) {
      log::verbose("reading the base's layers again: " + cache_file.string() + " is damaged (" + error.message() + ")");
    }
  }
  auto view = scan(layers);
  util::create_directories(cache_file.parent_path());
  util::write_file_atomic(cache_file, serialise(view));
  return view;
}

} // namespace pycontainer::deps
