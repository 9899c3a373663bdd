#include "pipeline/import_rootfs.hpp"

#include "project/plan.hpp"
#include "layer/layer_writer.hpp"
#include "layout/image_index.hpp"
#include "layout/layout.hpp"
#include "oci/derive_config.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "ref/reference.hpp"
#include "util/error.hpp"

namespace pycontainer::pipeline {

namespace {

oci::Descriptor import_one_rootfs(const ImportRequest& request, const RootfsTarball& rootfs,
                                  const layout::Layout& layout, std::int64_t timestamp)
{
  if (!std::filesystem::is_regular_file(rootfs.tarball)) {
    throw UsageError("root filesystem tarball '" + rootfs.tarball.string() + "' does not exist");
  }
  auto platform = oci::Platform::parse(rootfs.platform);
  auto layer = with_context("root filesystem '" + rootfs.tarball.string() + "'",
                            [&] { return layer::import_tar(rootfs.tarball, layer::Options{}, layout); });

  oci::ConfigChanges changes;
  changes.env = request.env;
  changes.labels.insert(request.labels.begin(), request.labels.end());
  changes.entrypoint = request.entrypoint;
  changes.cmd = request.cmd;
  std::vector<oci::LayerHistory> history{
    {layer.diff_id, "pycontainer import-rootfs " + rootfs.tarball.filename().string()}};
  auto config = oci::derive_image_config(oci::ImageConfig{}, platform, changes, history, oci::rfc3339_utc(timestamp));

  oci::Manifest manifest;
  manifest.config =
    layout.write_blob(oci::canonical_json(config.to_json()), std::string(oci::media_type::k_oci_config));
  manifest.layers.push_back(layer.descriptor);
  auto descriptor =
    layout.write_blob(oci::canonical_json(manifest.to_json()), std::string(oci::media_type::k_oci_manifest));
  descriptor.platform = platform;
  return descriptor;
}

} // namespace

BuildResult import_rootfs(const ImportRequest& request)
{
  if (request.tarballs.empty()) {
    throw UsageError("import-rootfs: no root filesystem tarball given");
  }
  auto reference = with_context("--tag", [&] { return ref::Reference::parse(request.tag); });
  if (reference.tag.empty()) {
    throw UsageError("--tag \"" + request.tag + "\" has no tag; name the image with NAME:TAG");
  }
  auto timestamp = project::reproducible_timestamp();

  auto layout = layout::Layout::open_or_create(request.output);
  std::vector<oci::Descriptor> manifests;
  for (const auto& rootfs : request.tarballs) {
    manifests.push_back(import_one_rootfs(request, rootfs, layout, timestamp));
  }
  auto descriptor = manifests.size() == 1 ? manifests.front() : layout::write_image_index(layout, manifests);
  layout.set_tag(descriptor, reference.tag, reference.str());
  return {descriptor, reference.str(), manifests.size(), {}};
}

} // namespace pycontainer::pipeline
