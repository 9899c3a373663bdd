#include "layout/index_of_images.hpp"

#include "layout/image_index.hpp"
#include "layout/image_lookup.hpp"
#include "layout/ref_names.hpp"
#include "util/error.hpp"

namespace pycontainer::layout {

oci::Descriptor write_index_of_images(const Layout& target, const std::vector<LayoutArgument>& sources,
                                      const std::vector<ref::Reference>& tags)
{
  if (tags.empty()) {
    throw UsageError("an image index needs a tag (--tag NAME:TAG) to be found in its layout");
  }
  std::vector<oci::Descriptor> manifests;
  for (const auto& source : sources) {
    auto name = source.path.string() + (source.ref.empty() ? "" : ":" + source.ref);
    with_context("image '" + name + "'", [&] {
      auto layout = Layout::open(source.path);
      auto image = resolve_image(layout, source.ref, std::nullopt);
      auto blobs = image.manifest.blobs();
      blobs.push_back(image.descriptor());
      for (const auto& blob : blobs) {
        auto path = checked_blob_path(layout, blob);
        if (!target.has_blob(blob.digest)) {
          target.link_or_copy_blob(path, blob.digest);
        }
      }
      auto manifest = image.descriptor();
      manifest.platform = image.config.platform;
      manifests.push_back(manifest);
    });
  }
  auto index = write_image_index(target, manifests);
  auto names = ref_names(tags);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    target.set_tag(index, names[i], tags[i].str());
  }
  return index;
}

} // namespace pycontainer::layout
