#include "archive/docker_archive.hpp"

#include "archive/tar_file.hpp"
#include "layer/decompressor.hpp"
#include "layout/image_lookup.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "util/error.hpp"
#include "util/fd.hpp"
#include "util/file.hpp"
#include "util/sha256.hpp"

#include <map>
#include <memory>
#include <vector>

#include <sys/stat.h>

namespace pycontainer::archive {

namespace {

// A zstd layer as its tar, in a temporary file beside the archive (removed with this object), checked
// against its diff_id.
class DecompressedLayer {
public:
  DecompressedLayer(const std::filesystem::path& blob, const oci::Digest& diff_id, const std::filesystem::path& beside)
    : m_file(beside.parent_path() / ("." + beside.filename().string() + "." + diff_id.encoded() + ".tar"))
  {
    util::Sha256 hash;
    auto decompressor = layer::make_decompressor(oci::media_type::Compression::zstd, [&](const void* data, std::size_t size) {
      hash.update(data, size);
      m_file.write(data, size);
    });
    struct ::stat status{};
    util::Fd input(util::open_input_file(blob, status));
    std::vector<char> buffer(1024 * 1024);
    while (std::size_t got = util::read_some(input.get(), buffer.data(), buffer.size(), blob)) {
      decompressor->write(buffer.data(), got);
    }
    decompressor->finish();
    if (hash.finish_hex() != diff_id.encoded()) {
      throw Error("layer " + blob.filename().string() + ": its tar does not have the config's diff_id " +
                  diff_id.str() + " (a damaged layout?)");
    }
  }
  const std::filesystem::path& path() const { return m_file.temp_path(); }

private:
  util::AtomicFile m_file; // never committed: only the archive keeps what it holds
};

} // namespace

std::optional<oci::Platform> archive_platform(const layout::Layout& layout, std::string_view ref,
                                              const std::optional<oci::Platform>& wanted, const oci::Platform& host)
{
  if (wanted) {
    return wanted;
  }
  auto top = layout::find_image(layout, ref);
  bool index = top.media_type == oci::media_type::k_oci_index || top.media_type == oci::media_type::k_docker_manifest_list;
  return index ? std::optional<oci::Platform>(host) : std::nullopt;
}

DockerArchive write_docker_archive(const layout::Layout& layout, std::string_view ref,
                                   const std::optional<oci::Platform>& platform, const std::vector<ref::Reference>& tags,
                                   const std::filesystem::path& file, std::int64_t mtime)
{
  auto image = layout::resolve_image(layout, ref, platform);
  DockerArchive archive{image.descriptor(), image.config.platform, {}, 0};
  if (platform && image.config.platform.architecture.empty()) {
    archive.platform = *platform;
  }
  for (const auto& tag : tags) {
    archive.repo_tags.push_back(tag.str());
  }
  // Entry name -> where its bytes are; std::map sorts the names.
  std::map<std::string, std::filesystem::path> files;
  std::vector<std::unique_ptr<DecompressedLayer>> decompressed;
  auto config_name = image.manifest.config.digest.encoded() + ".json";
  files[config_name] = layout::checked_blob_path(layout, image.manifest.config);
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t i = 0; i < image.manifest.layers.size(); ++i) {
    const auto& layer = image.manifest.layers[i];
    auto blob = layout::checked_blob_path(layout, layer);
    std::string name;
    if (oci::media_type::layer_compression(layer.media_type) == oci::media_type::Compression::zstd) {
      const auto& diff_id = image.config.diff_ids.at(i);
      name = diff_id.encoded() + ".tar";
      if (!files.contains(name)) {
        decompressed.push_back(std::make_unique<DecompressedLayer>(blob, diff_id, file));
        files[name] = decompressed.back()->path();
      }
    } else {
      name = layer.digest.encoded() + ".tar";
      files[name] = blob;
    }
    layers.push_back(name);
  }
  nlohmann::json manifest = nlohmann::json::array();
  manifest.push_back({{"Config", config_name}, {"RepoTags", archive.repo_tags}, {"Layers", layers}});

  TarFile tar(file, mtime);
  for (const auto& [name, source] : files) {
    tar.add_file(name, source);
  }
  tar.add_data("manifest.json", oci::canonical_json(manifest));
  archive.size = tar.commit();
  return archive;
}

} // namespace pycontainer::archive
