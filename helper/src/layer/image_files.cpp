#include "layer/image_files.hpp"

#include "layer/layer_reader.hpp"
#include "layout/image_lookup.hpp"

#include <archive_entry.h>

namespace pycontainer::layer {

namespace {

std::string normalise(std::string path)
{
  while (path.starts_with("./")) {
    path.erase(0, 2);
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

void apply_layer(std::set<std::string>& paths, const std::filesystem::path& blob, const std::string& media_type)
{
  LayerReader reader(blob, media_type);
  while (archive_entry* entry = reader.next()) {
    std::string path = normalise(archive_entry_pathname(entry));
    auto slash = path.rfind('/');
    std::string directory = slash == 0 ? "/" : path.substr(0, slash);
    std::string name = path.substr(slash + 1);
    if (name == ".wh..wh..opq") {
      erase_below(paths, directory, false);
    } else if (name.starts_with(".wh.")) {
      erase_below(paths, (directory == "/" ? "" : directory) + "/" + name.substr(4), true);
    } else {
      paths.insert(path);
    }
  }
}

} // namespace

std::set<std::string> image_paths(const layout::Layout& layout, std::string_view ref)
{
  auto image = layout::resolve_image(layout, ref, std::nullopt);
  std::set<std::string> paths;
  for (const auto& layer : image.manifest.layers) {
    apply_layer(paths, layout::checked_blob_path(layout, layer), layer.media_type);
  }
  return paths;
}

} // namespace pycontainer::layer
