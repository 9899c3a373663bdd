#pragma once

// A two-platform image written through the library's own writers, laid out as a multi-platform build
// lays it: an index tagged "1" listing a linux/amd64 and a linux/arm64 image, each with a layer of its
// own (its base) and the application layer both share.
#include "layer/layer_writer.hpp"
#include "layout/image_index.hpp"
#include "layout/image_lookup.hpp"
#include "layout/layout.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <fstream>
#include <string>

namespace pycontainer::test {

struct TwoPlatformImage {
  oci::Descriptor index;
  std::string index_bytes;
  std::array<oci::Descriptor, 2> manifests, configs, own_layers; // amd64, arm64
  std::array<std::string, 2> manifest_bytes;
  oci::Descriptor shared_layer;
};

// The layer of one file `path` holding `content`, its source written under `sources`.
inline layer::Result write_one_file_layer(const layout::Layout& layout, const std::filesystem::path& sources,
                                          const std::string& path, const std::string& content)
{
  auto source = sources / path;
  std::filesystem::create_directories(source.parent_path());
  std::ofstream(source, std::ios::binary) << content;
  layer::Entry entry;
  entry.path = path;
  entry.source = source.string();
  layer::Options options;
  options.fixed_mtime = 0;
  return layer::write_layer({entry}, options, layout);
}

// `config_architectures`: what each image's config says (an index entry stays amd64, arm64), to break one.
inline TwoPlatformImage write_two_platform_image(const layout::Layout& layout, const std::filesystem::path& sources,
                                                 std::array<std::string, 2> config_architectures = {"amd64", "arm64"})
{
  static constexpr std::array<const char*, 2> k_architectures = {"amd64", "arm64"};
  TwoPlatformImage image;
  auto shared = write_one_file_layer(layout, sources, "app/main.py", "import platform\nprint(platform.machine())\n");
  image.shared_layer = shared.descriptor;
  for (std::size_t i = 0; i < 2; ++i) {
    auto own = write_one_file_layer(layout, sources, std::string("base-") + k_architectures[i] + "/etc/arch",
                                    std::string(k_architectures[i]) + "\n");
    image.own_layers[i] = own.descriptor;
    nlohmann::json config{
      {"architecture", config_architectures[i]},
      {"os", "linux"},
      {"config", {{"Entrypoint", {"python3", "/app/main.py"}}}},
      {"rootfs", {{"type", "layers"}, {"diff_ids", {own.diff_id.str(), shared.diff_id.str()}}}},
    };
    oci::Manifest manifest;
    manifest.config = layout.write_blob(oci::canonical_json(config), std::string(oci::media_type::k_oci_config));
    manifest.layers = {own.descriptor, shared.descriptor};
    image.configs[i] = manifest.config;
    image.manifest_bytes[i] = oci::canonical_json(manifest.to_json());
    image.manifests[i] = layout.write_blob(image.manifest_bytes[i], manifest.media_type);
    image.manifests[i].platform = oci::Platform{"linux", k_architectures[i], ""};
  }
  image.index = layout::write_image_index(layout, {image.manifests.begin(), image.manifests.end()});
  image.index_bytes = layout::LayoutContent(layout).read(image.index);
  layout.set_tag(image.index, "1", "registry.example/app:1");
  return image;
}

} // namespace pycontainer::test
