#include "layout/verify.hpp"

#include "layout/file_chunks.hpp"
#include "layout/image_lookup.hpp"
#include "oci/media_types.hpp"
#include "util/error.hpp"

#include <set>

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

// The blobs of one resolved image; a blob already checked (a layer every platform shares) is not read again.
void check_image_blobs(const Layout& layout, const oci::ResolvedImage& image, const DiffIdOfBlob& diff_id_of,
                       std::set<oci::Digest>& checked, VerifyReport& report)
{
  const auto& manifest = image.manifest;
  checked.insert(image.descriptor().digest); // read and checked by resolve_image
  if (image.is_artifact()) {
    // An artifact's blobs are what it says they are; they have no diff_ids.
    for (const auto& blob : manifest.blobs()) {
      if (checked.insert(blob.digest).second) {
        with_context(oci::document_label("blob", blob), [&] { check_digest(checked_blob_path(layout, blob), blob); });
      }
    }
    return;
  }
  checked.insert(manifest.config.digest); // read by resolve_image
  for (std::size_t i = 0; i < manifest.layers.size(); ++i) {
    const auto& layer = manifest.layers[i];
    if (checked.insert(layer.digest).second) {
      with_context(oci::document_label("layer " + std::to_string(i + 1), layer),
                   [&] { check_layer(layout, layer, image.config.diff_ids[i], diff_id_of); });
    }
    ++report.layers;
  }
}

// An index entry's platform is its config's: os and architecture set, and the same.
void check_entry_platform(const oci::ResolvedImage& image)
{
  const auto& entry = image.descriptor();
  const auto& config = image.config.platform;
  if (!entry.platform || image.is_artifact()) {
    return;
  }
  if (config.os.empty() || config.architecture.empty() || !entry.platform->matches(config)) {
    throw Error(oci::document_label("manifest", entry) + ": the index lists it for " + entry.platform->str() +
                " but its config (" + image.manifest.config.digest.str() + ") is for \"" + config.os + "/" +
                config.architecture + "\" (a damaged index?)");
  }
}

} // namespace

VerifyReport verify_image(const Layout& layout, std::string_view ref, const DiffIdOfBlob& diff_id_of,
                          const std::optional<oci::Platform>& platform)
{
  VerifyReport report;
  auto top = find_image(layout, ref);
  auto subject = "image '" + std::string(ref) + "'";
  auto images = as_damage([&] {
    LayoutContent content(layout);
    if (oci::media_type::is_index(top.media_type) && !platform) {
      return oci::resolve_index(content, top, subject, oci::Accept::images_and_artifacts);
    }
    return std::vector{oci::resolve_image(content, top, platform, subject, oci::Accept::images_and_artifacts)};
  });
  report.manifest = platform ? images.front().descriptor() : images.front().path.front().descriptor;
  std::set<oci::Digest> checked;
  for (const auto& document : images.front().path) {
    checked.insert(document.descriptor.digest);
  }
  for (const auto& image : images) {
    check_entry_platform(image);
    check_image_blobs(layout, image, diff_id_of, checked, report);
    report.images.push_back(image.descriptor());
    if (!image.is_artifact() && !report.images.back().platform) {
      report.images.back().platform = image.config.platform;
    }
  }
  report.blobs_checked = checked.size();
  return report;
}

} // namespace pycontainer::layout
