#include "build/builder.hpp"

#include "layout/layout.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <unistd.h>

namespace pycontainer::build {

namespace {

// A scratch directory in $TMPDIR, removed when the build ends however it ends.
class WorkDirectory {
public:
  WorkDirectory()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "pycontainer-work-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      throw IoError("create directory", pattern, errno);
    }
    m_path = pattern;
  }
  ~WorkDirectory()
  {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  WorkDirectory(const WorkDirectory&) = delete;
  WorkDirectory& operator=(const WorkDirectory&) = delete;

  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
};

} // namespace

BuildResult run_build(const BuildPlan& plan)
{
  // The base is resolved first so that a bad base writes nothing.
  WorkDirectory work;
  BaseImage base = load_base_image(plan.base_source, plan.platform, work.path());
  auto layout = layout::Layout::open_or_create(plan.output);

  oci::Manifest manifest;
  for (const auto& layer : base.layers) {
    layout.link_or_copy_blob(base.blobs_directory / layer.digest.encoded(), layer.digest);
    oci::Descriptor ours = layer;
    ours.media_type = std::string(oci::media_type::to_oci(layer.media_type));
    ours.annotations.clear();
    manifest.layers.push_back(std::move(ours));
  }

  std::vector<oci::LayerHistory> history;
  for (const auto& layer_plan : plan.layers) {
    auto result = with_context("layer \"" + layer_plan.name + "\"",
                               [&] { return layer::write_layer(layer_plan.entries, plan.layer_options, layout); });
    log::verbose("layer " + layer_plan.name + ": " + result.descriptor.digest.str() + " (" +
                 std::to_string(result.descriptor.size) + " bytes compressed, " + std::to_string(result.tar_size) +
                 " bytes of tar)");
    manifest.layers.push_back(result.descriptor);
    history.push_back({result.diff_id, "pycontainer build: " + layer_plan.name + " layer (" +
                                         std::to_string(layer_plan.file_count) + " files)"});
  }

  auto config = oci::derive_image_config(base.config, plan.platform, plan.changes, history,
                                         oci::rfc3339_utc(plan.timestamp));
  manifest.config = layout.write_blob(oci::canonical_json(config), std::string(oci::media_type::k_oci_config));
  if (!base.is_scratch()) {
    manifest.annotations["org.opencontainers.image.base.name"] = base.name;
    manifest.annotations["org.opencontainers.image.base.digest"] = base.digest->str();
  }
  auto manifest_descriptor =
    layout.write_blob(oci::canonical_json(manifest.to_json()), std::string(oci::media_type::k_oci_manifest));
  manifest_descriptor.platform = plan.platform;
  layout.set_tag(manifest_descriptor, plan.tag.tag, plan.tag.str());
  return {manifest_descriptor, plan.tag.str(), plan.layers.size()};
}

} // namespace pycontainer::build
