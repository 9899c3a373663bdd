#include "layout/image_files.hpp"

#include "layout/image_lookup.hpp"
#include "util/error.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace pycontainer::layout {

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

void apply_layer(std::set<std::string>& paths, const std::filesystem::path& blob)
{
  std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(reader.get());
  archive_read_support_filter_gzip(reader.get());
  archive_read_support_filter_zstd(reader.get());
  if (archive_read_open_filename(reader.get(), blob.c_str(), 1 << 20) != ARCHIVE_OK) {
    throw IoError("read layer", blob.string(), archive_error_string(reader.get()));
  }
  archive_entry* entry = nullptr;
  int status;
  while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
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
  if (status != ARCHIVE_EOF) {
    throw IoError("read layer", blob.string(), archive_error_string(reader.get()));
  }
}

} // namespace

std::set<std::string> image_paths(const Layout& layout, std::string_view ref)
{
  auto image = resolve_image(layout, ref, std::nullopt);
  std::set<std::string> paths;
  for (const auto& layer : image.manifest.layers) {
    apply_layer(paths, checked_blob_path(layout, layer));
  }
  return paths;
}

} // namespace pycontainer::layout
