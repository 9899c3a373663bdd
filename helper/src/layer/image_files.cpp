#include "layer/image_files.hpp"

#include "layout/image_lookup.hpp"

#include <archive_entry.h>

namespace pycontainer::layer {

namespace {

std::string normalise(std::string path)
{
  while (path.starts_with("./")) {
    path.erase(0, 2);
  }
  while (path.starts_with("/")) {
    path.erase(0, 1);
  }
  while (path.ends_with('/')) {
    path.pop_back();
  }
  return "/" + path;
}

void erase_below(std::set<std::string>& paths, const std::string& directory, bool including_itself)
{
  std::string prefix = directory == "/" ? "/" : directory + "/";
  for (auto it = paths.lower_bound(prefix); it != paths.end() && it->starts_with(prefix);) {
    it = paths.erase(it);
  }
  if (including_itself) {
    paths.erase(directory);
  }
}

} // namespace

void apply_layer(const std::filesystem::path& blob, std::string_view media_type,
                 const std::optional<std::string>& expected_sha256, const LayerChanges& changes)
{
  LayerReader reader(blob, media_type, expected_sha256);
  while (archive_entry* entry = reader.next()) {
    std::string path = normalise(archive_entry_pathname(entry));
    auto slash = path.rfind('/');
    std::string directory = slash == 0 ? "/" : path.substr(0, slash);
    std::string name = path.substr(slash + 1);
    if (name == ".wh..wh..opq") {
      changes.empty(directory);
    } else if (name.starts_with(".wh.")) {
      changes.remove((directory == "/" ? "" : directory) + "/" + name.substr(4));
    } else {
      changes.add(path, entry, reader);
    }
  }
}

std::set<std::string> image_paths(const layout::Layout& layout, std::string_view ref,
                                  const std::optional<oci::Platform>& platform)
{
  auto image = layout::resolve_image(layout, ref, platform);
  std::set<std::string> paths;
  LayerChanges changes{[&](const std::string& path, archive_entry*, LayerReader&) { paths.insert(path); },
                       [&](const std::string& path) { erase_below(paths, path, true); },
                       [&](const std::string& directory) { erase_below(paths, directory, false); }};
  for (const auto& layer : image.manifest.layers) {
    apply_layer(layout::checked_blob_path(layout, layer), layer.media_type, std::nullopt, changes);
  }
  return paths;
}

} // namespace pycontainer::layer
