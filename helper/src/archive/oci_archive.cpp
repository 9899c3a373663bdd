#include "archive/oci_archive.hpp"

#include "archive/tar_file.hpp"
#include "layout/image_lookup.hpp"
#include "oci/resolve.hpp"
#include "util/file.hpp"

#include <set>
#include <string>

namespace pycontainer::archive {

std::uint64_t write_oci_archive(const layout::Layout& layout, const std::filesystem::path& file, std::int64_t mtime)
{
  layout::LayoutContent content(layout);
  std::set<std::string> blobs; // hex digests; std::set keeps them sorted
  for (const auto& top : layout.read_index().manifests) {
    for (const auto& document : oci::documents_under(content, top, [&](const oci::Document&, const oci::Manifest& manifest) {
           for (const auto& blob : manifest.blobs()) {
             layout::checked_blob_path(layout, blob);
             blobs.insert(std::string(blob.digest.encoded()));
           }
         })) {
      blobs.insert(std::string(document.descriptor.digest.encoded()));
    }
  }
  TarFile tar(file, mtime);
  tar.add_directory("blobs");
  tar.add_directory("blobs/sha256");
  for (const auto& hex : blobs) {
    tar.add_file("blobs/sha256/" + hex, layout.blobs_directory() / hex);
  }
  tar.add_file("index.json", layout.root() / "index.json");
  tar.add_file("oci-layout", layout.root() / "oci-layout");
  return tar.commit();
}

} // namespace pycontainer::archive
