#include "layout/verify.hpp"

#include "layout/file_chunks.hpp"
#include "layout/image_lookup.hpp"
#include "oci/media_types.hpp"
#include "util/error.hpp"

#include <system_error>

namespace pycontainer::layout {

namespace {

// Parsing errors inside a layout are damage, not bad user input: rethrow them as plain Errors.
template <typename Body>
decltype(auto) as_damage(Body&& body)
{
  try {
    return body();
  } catch (const UsageError& error) {
    throw Error(error.message());
  }
}

std::string label(std::string_view what, const oci::Descriptor& descriptor)
{
  return std::string(what) + " (" + descriptor.digest.str() + ")";
}

// The blob's path, once it is known to exist with the descriptor's size.
std::filesystem::path check_present(const Layout& layout, const oci::Descriptor& descriptor, const std::string& what)
{
  if (descriptor.digest.algorithm() != "sha256") {
    throw Error(what + ": cannot verify " + descriptor.digest.algorithm() + " digests (sha256 only)");
  }
  auto path = layout.blob_path(descriptor.digest);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw Error(what + ": blob is missing ('" + path.string() + "')");
  }
  auto size = std::filesystem::file_size(path, error);
  if (error) {
    throw IoError("stat", path.string(), error.message());
  }
  if (static_cast<std::int64_t>(size) != descriptor.size) {
    throw Error(what + ": size mismatch: descriptor says " + std::to_string(descriptor.size) + " bytes, blob has " +
                std::to_string(size));
  }
  return path;
}

void check_digest(const oci::Digest& actual, const oci::Descriptor& descriptor, const std::string& what)
{
  if (actual != descriptor.digest) {
    throw Error(what + ": digest mismatch: content hashes to " + actual.str());
  }
}

// Reads a small blob (manifest, config), checking its size and digest.
std::string read_checked(const Layout& layout, const oci::Descriptor& descriptor, const std::string& what)
{
  check_present(layout, descriptor, what);
  auto bytes = layout.read_blob(descriptor.digest);
  check_digest(oci::Digest::of(bytes), descriptor, what);
  return bytes;
}

std::vector<oci::Digest> read_diff_ids(std::string_view config_bytes, const std::string& what)
{
  auto config = nlohmann::json::parse(config_bytes, nullptr, /*allow_exceptions=*/false);
  if (config.is_discarded() || !config.is_object()) {
    throw Error(what + ": not a JSON object");
  }
  if (!config.contains("rootfs") || !config["rootfs"].is_object() || !config["rootfs"].contains("diff_ids") ||
      !config["rootfs"]["diff_ids"].is_array()) {
    throw Error(what + ": no rootfs.diff_ids array");
  }
  std::vector<oci::Digest> diff_ids;
  for (const auto& entry : config["rootfs"]["diff_ids"]) {
    std::string context = what + ": rootfs.diff_ids[" + std::to_string(diff_ids.size()) + "]";
    if (!entry.is_string()) {
      throw Error(context + ": not a string");
    }
    diff_ids.push_back(
      with_context(context, [&] { return as_damage([&] { return oci::Digest::parse(entry.get<std::string>()); }); }));
  }
  return diff_ids;
}

void check_layer(const Layout& layout, const oci::Descriptor& layer, const oci::Digest& diff_id, const std::string& what,
                 const DiffIdOfBlob& diff_id_of)
{
  if (!oci::media_type::is_layer(layer.media_type)) {
    throw Error(what + ": unknown layer media type \"" + layer.media_type + "\"");
  }
  auto path = check_present(layout, layer, what);
  check_digest(digest_of_file(path), layer, what);
  auto content_diff_id = with_context(what, [&] { return diff_id_of(path, layer.media_type); });
  if (content_diff_id != diff_id) {
    throw Error(what + ": diff_id mismatch: config says " + diff_id.str() + ", content is " + content_diff_id.str());
  }
}

} // namespace

VerifyReport verify_image(const Layout& layout, std::string_view ref, const DiffIdOfBlob& diff_id_of)
{
  VerifyReport report;
  report.manifest = find_image(layout, ref);
  std::string what = label("manifest", report.manifest);
  if (oci::media_type::is_index(report.manifest.media_type)) {
    throw Error(what + ": is an image index (\"" + report.manifest.media_type +
                "\"); verify checks single-platform images");
  }
  if (!oci::media_type::is_manifest(report.manifest.media_type)) {
    throw Error(what + ": unknown manifest media type \"" + report.manifest.media_type + "\"");
  }
  auto manifest_bytes = read_checked(layout, report.manifest, what);
  auto manifest = as_damage([&] { return oci::Manifest::parse(manifest_bytes, what); });
  ++report.blobs_checked;

  std::string config_what = label("config", manifest.config);
  if (manifest.config.media_type != oci::media_type::k_oci_config &&
      manifest.config.media_type != oci::media_type::k_docker_config) {
    throw Error(config_what + ": unknown config media type \"" + manifest.config.media_type + "\"");
  }
  auto diff_ids = read_diff_ids(read_checked(layout, manifest.config, config_what), config_what);
  ++report.blobs_checked;
  if (diff_ids.size() != manifest.layers.size()) {
    throw Error(config_what + ": rootfs.diff_ids has " + std::to_string(diff_ids.size()) +
                " entries but the manifest has " + std::to_string(manifest.layers.size()) + " layers");
  }

  for (std::size_t i = 0; i < manifest.layers.size(); ++i) {
    check_layer(layout, manifest.layers[i], diff_ids[i], label("layer " + std::to_string(i + 1), manifest.layers[i]),
                diff_id_of);
    ++report.blobs_checked;
    ++report.layers;
  }
  return report;
}

} // namespace pycontainer::layout
