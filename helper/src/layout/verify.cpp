#include "layout/verify.hpp"

#include "layout/file_chunks.hpp"
#include "layout/image_lookup.hpp"
#include "util/error.hpp"

namespace pycontainer::layout {

namespace {

// Problems inside a layout are damage, not bad user input: rethrow them as plain Errors.
template <typename Body>
decltype(auto) as_damage(Body&& body)
{
  try {
    return body();
  } catch (const UsageError& error) {
    throw Error(error.message());
  }
}

void check_digest(const std::filesystem::path& path, const oci::Descriptor& blob)
{
  if (auto digest = digest_of_file(path); digest != blob.digest) {
    throw Error("digest mismatch: the content ('" + path.string() + "') hashes to " + digest.str() +
                " (a damaged layout?)");
  }
}

void check_layer(const Layout& layout, const oci::Descriptor& layer, const oci::Digest& diff_id,
                 const DiffIdOfBlob& diff_id_of)
{
  auto path = checked_blob_path(layout, layer);
  check_digest(path, layer);
  if (auto content_diff_id = diff_id_of(path, layer.media_type); content_diff_id != diff_id) {
    throw Error("diff_id mismatch: config says " + diff_id.str() + ", content is " + content_diff_id.str());
  }
}

} // namespace

VerifyReport verify_image(const Layout& layout, std::string_view ref, const DiffIdOfBlob& diff_id_of)
{
  VerifyReport report;
  auto top = find_image(layout, ref);
  auto image = as_damage([&] {
    LayoutContent content(layout);
    return oci::resolve_image(content, top, std::nullopt, "image '" + std::string(ref) + "'",
                              oci::Accept::images_and_artifacts);
  });
  report.manifest = image.descriptor();
  ++report.blobs_checked;
  const auto& manifest = image.manifest;
  if (image.is_artifact()) {
    // An artifact's blobs are what it says they are; they have no diff_ids.
    for (const auto& blob : manifest.blobs()) {
      with_context(oci::document_label("blob", blob), [&] { check_digest(checked_blob_path(layout, blob), blob); });
      ++report.blobs_checked;
    }
    return report;
  }
  ++report.blobs_checked; // the config, read by resolve_image
  for (std::size_t i = 0; i < manifest.layers.size(); ++i) {
    const auto& layer = manifest.layers[i];
    with_context(oci::document_label("layer " + std::to_string(i + 1), layer),
                 [&] { check_layer(layout, layer, image.config.diff_ids[i], diff_id_of); });
    ++report.blobs_checked;
    ++report.layers;
  }
  return report;
}

} // namespace pycontainer::layout
