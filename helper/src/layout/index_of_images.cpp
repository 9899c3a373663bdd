#include "layout/index_of_images.hpp"

#include "layout/image_index.hpp"
#include "layout/image_lookup.hpp"
#include "layout/ref_names.hpp"
#include "oci/manifest.hpp"
#include "util/error.hpp"

#include <map>
#include <string>
#include <utility>

namespace pycontainer::layout {

namespace {

// Links the blobs of `manifest` (a manifest descriptor of `source`) and its own bytes into `target`.
void link_manifest_blobs(const Layout& target, const Layout& source, const oci::Descriptor& manifest,
                         const std::vector<oci::Descriptor>& blobs)
{
  auto all = blobs;
  all.push_back(manifest);
  for (const auto& blob : all) {
    auto path = checked_blob_path(source, blob);
    if (!target.has_blob(blob.digest)) {
      target.link_or_copy_blob(path, blob.digest);
    }
  }
}

// The artifacts of `source` whose subject is `image`, each as index.json names it there, with its manifest.
std::vector<std::pair<oci::Descriptor, oci::Manifest>> artifacts_of(const Layout& source, const oci::Digest& image)
{
  std::vector<std::pair<oci::Descriptor, oci::Manifest>> found;
  for (const auto& entry : source.read_index().manifests) {
    if (entry.artifact_type.empty() || annotation(entry, k_ref_name_annotation).empty()) {
      continue;
    }
    auto manifest = oci::Manifest::parse(source.read_blob(entry.digest), "artifact " + entry.digest.str());
    if (manifest.subject && manifest.subject->digest == image) {
      found.emplace_back(entry, std::move(manifest));
    }
  }
  return found;
}

} // namespace

oci::Descriptor write_index_of_images(const Layout& target, const std::vector<LayoutArgument>& sources,
                                      const std::vector<ref::Reference>& tags)
{
  if (tags.empty()) {
    throw UsageError("an image index needs a tag (--tag NAME:TAG) to be found in its layout");
  }
  std::vector<oci::Descriptor> manifests;
  std::vector<oci::Descriptor> artifacts;
  std::map<std::string, std::string> artifact_sources; // ref name -> the image it came with
  for (const auto& source : sources) {
    auto name = source.path.string() + (source.ref.empty() ? "" : ":" + source.ref);
    with_context("image '" + name + "'", [&] {
      auto layout = Layout::open(source.path);
      auto image = resolve_image(layout, source.ref, std::nullopt);
      link_manifest_blobs(target, layout, image.descriptor(), image.manifest.blobs());
      auto manifest = image.descriptor();
      manifest.platform = image.config.platform;
      manifests.push_back(manifest);
      for (const auto& [artifact, artifact_manifest] : artifacts_of(layout, manifest.digest)) {
        auto ref_name = annotation(artifact, k_ref_name_annotation);
        auto [other, added] = artifact_sources.emplace(ref_name, name);
        if (!added) {
          throw UsageError("its artifact '" + ref_name + "' has the name of one of image '" + other->second +
                           "' (one index holds both): name each platform's SBOM apart (`pycontainer assemble "
                           "--for-index`)");
        }
        link_manifest_blobs(target, layout, artifact, artifact_manifest.blobs());
        artifacts.push_back(artifact);
      }
    });
  }
  auto index = write_image_index(target, manifests);
  for (const auto& artifact : artifacts) { // the images' artifacts first: the index's name is written last
    target.set_tag(artifact, annotation(artifact, k_ref_name_annotation),
                   annotation(artifact, k_image_name_annotation));
  }
  auto names = ref_names(tags);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    target.set_tag(index, names[i], tags[i].str());
  }
  return index;
}

} // namespace pycontainer::layout
