#include "pipeline/base_image.hpp"

#include "layout/image_lookup.hpp"
#include "layout/layout.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "ref/reference.hpp"
#include "remote/pull.hpp"
#include "remote/registry_options.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace pycontainer::pipeline {

namespace {

constexpr std::size_t k_max_json_blob = 4 * 1024 * 1024;

// Reads a small blob and checks it against its descriptor.
std::string read_verified(const layout::Layout& layout, const oci::Descriptor& descriptor, const std::string& what)
{
  std::string bytes = layout.read_blob(descriptor.digest, k_max_json_blob);
  if (oci::Digest::of(bytes) != descriptor.digest || static_cast<std::int64_t>(bytes.size()) != descriptor.size) {
    throw Error(what + " " + descriptor.digest.str() + " in '" + layout.root().string() +
                "' does not match its descriptor (corrupt layout?)");
  }
  return bytes;
}

oci::Descriptor select_platform(const layout::Layout& layout, const oci::Descriptor& index_descriptor,
                                const oci::Platform& platform)
{
  auto index = oci::Index::parse(read_verified(layout, index_descriptor, "image index"), "image index");
  std::string available;
  for (const auto& candidate : index.manifests) {
    if (!candidate.platform) {
      continue;
    }
    if (platform.matches(*candidate.platform)) {
      return candidate;
    }
    available += (available.empty() ? "" : ", ") + candidate.platform->str();
  }
  throw UsageError("the base image has no " + platform.str() + " image (it has: " +
                   (available.empty() ? "no platform entries" : available) + "); choose one with --platform");
}

// The name the layout's index gives an image: its full name, else its tag; empty when it has none.
std::string name_in_layout(const oci::Descriptor& entry)
{
  for (auto key : {layout::k_image_name_annotation, layout::k_ref_name_annotation}) {
    if (auto found = entry.annotations.find(std::string(key)); found != entry.annotations.end()) {
      return found->second;
    }
  }
  return "";
}

// `reference`: the base.name to publish; empty: the name the layout gives the image.
BaseImage load_from_layout(const std::filesystem::path& directory, const std::string& ref, const oci::Platform& platform,
                           const std::string& name, const std::string& reference = "")
{
  auto layout = layout::Layout::open(directory);
  oci::Descriptor descriptor = with_context("base image '" + name + "'", [&] { return layout::find_image(layout, ref); });
  std::string published = reference.empty() ? name_in_layout(descriptor) : reference;
  for (int depth = 0; oci::media_type::is_index(descriptor.media_type); ++depth) {
    if (depth == 4) {
      throw UsageError("base image '" + name + "': image indexes nested too deeply");
    }
    descriptor = select_platform(layout, descriptor, platform);
  }
  auto manifest = oci::Manifest::parse(read_verified(layout, descriptor, "manifest"), "base manifest");
  auto config_bytes = read_verified(layout, manifest.config, "config");
  auto config = nlohmann::json::parse(config_bytes, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    throw UsageError("base image '" + name + "': config " + manifest.config.digest.str() + " is not a JSON object");
  }
  if (config.contains("architecture") && config["architecture"].is_string()) {
    auto base_platform = oci::Platform::from_json(config);
    if (!base_platform.architecture.empty() && !platform.matches(base_platform)) {
      throw UsageError("base image '" + name + "' is for " + base_platform.str() + ", not " + platform.str() +
                       "; pass --platform " + base_platform.str() + " or a base for " + platform.str());
    }
  }
  BaseImage base;
  base.name = name;
  base.reference = std::move(published);
  base.digest = descriptor.digest;
  base.config = std::move(config);
  base.layers = std::move(manifest.layers);
  base.blobs_directory = layout.blobs_directory();
  auto diff_ids = base.config.contains("rootfs") && base.config["rootfs"].is_object() &&
                      base.config["rootfs"].contains("diff_ids") && base.config["rootfs"]["diff_ids"].is_array()
                    ? base.config["rootfs"]["diff_ids"].size()
                    : 0;
  if (diff_ids != base.layers.size()) {
    throw Error("base image '" + name + "': config " + manifest.config.digest.str() + " in '" + directory.string() +
                "' lists " + std::to_string(diff_ids) + " rootfs.diff_ids for " + std::to_string(base.layers.size()) +
                " layers (damaged layout?)");
  }
  for (const auto& layer : base.layers) {
    if (!oci::media_type::is_layer(layer.media_type)) {
      throw UsageError("base image '" + name + "': unsupported layer media type \"" + layer.media_type + "\"");
    }
    if (!layout.has_blob(layer.digest)) {
      throw UsageError("base image '" + name + "': layer blob " + layer.digest.str() + " is missing from '" +
                       directory.string() + "'");
    }
    // The size always (a stat); the digest where the layer is first read (deps::inspect_base).
    std::error_code error;
    auto size = std::filesystem::file_size(layout.blob_path(layer.digest), error);
    if (error || static_cast<std::int64_t>(size) != layer.size) {
      throw Error("base image '" + name + "': layer blob " + layer.digest.str() + " in '" + directory.string() +
                  "' is " + std::to_string(size) + " bytes, its descriptor says " + std::to_string(layer.size) +
                  " (damaged layout?)");
    }
  }
  return base;
}

// Whether archive name `name`, taken relative to the archive's root, names something inside it.
bool stays_inside(const std::filesystem::path& name)
{
  if (name.is_absolute()) {
    return false;
  }
  auto normal = name.lexically_normal();
  return normal.empty() || *normal.begin() != "..";
}

void unpack_archive(const std::filesystem::path& archive_file, const std::filesystem::path& destination)
{
  std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(reader.get());
  archive_read_support_filter_all(reader.get());
  if (archive_read_open_filename(reader.get(), archive_file.c_str(), 1 << 20) != ARCHIVE_OK) {
    throw IoError("open", archive_file.string(), archive_error_string(reader.get()));
  }
  std::unique_ptr<archive, decltype(&archive_write_free)> writer(archive_write_disk_new(), archive_write_free);
  // Not ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS: names are made absolute (under `destination`) below,
  // after stays_inside() has refused the absolute ones of the archive.
  archive_write_disk_set_options(writer.get(), ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS);
  archive_entry* entry = nullptr;
  for (;;) {
    int status = archive_read_next_header(reader.get(), &entry);
    if (status == ARCHIVE_EOF) {
      return;
    }
    if (status != ARCHIVE_OK) {
      throw IoError("read", archive_file.string(), archive_error_string(reader.get()));
    }
    // Entries are placed under `destination`, so they and the links they make must stay inside it.
    std::filesystem::path name = archive_entry_pathname(entry);
    auto refuse = [&](const std::string& what) {
      throw UsageError("OCI archive '" + archive_file.string() + "' has " + what +
                       " outside the archive; refusing to unpack it");
    };
    if (!stays_inside(name)) {
      refuse("an entry '" + name.string() + "'");
    }
    if (const char* hardlink = archive_entry_hardlink(entry)) {
      // Link targets are archive names too: resolved against `destination`, not the working directory.
      if (!stays_inside(hardlink)) {
        refuse("a hard link '" + name.string() + "' to '" + hardlink + "'");
      }
      archive_entry_set_hardlink(entry, (destination / hardlink).c_str());
    }
    if (const char* symlink = archive_entry_symlink(entry)) {
      if (!stays_inside(name.parent_path() / symlink)) {
        refuse("a symbolic link '" + name.string() + "' to '" + symlink + "'");
      }
    }
    auto target = destination / name;
    archive_entry_set_pathname(entry, target.c_str());
    if (archive_write_header(writer.get(), entry) != ARCHIVE_OK) {
      throw IoError("unpack", archive_file.string(), archive_error_string(writer.get()));
    }
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    while ((status = archive_read_data_block(reader.get(), &block, &size, &offset)) == ARCHIVE_OK) {
      if (archive_write_data_block(writer.get(), block, size, offset) != ARCHIVE_OK) {
        throw IoError("unpack", archive_file.string(), archive_error_string(writer.get()));
      }
    }
    if (status != ARCHIVE_EOF) {
      throw IoError("read", archive_file.string(), archive_error_string(reader.get()));
    }
  }
}

} // namespace

BaseImage load_base_image(const project::BaseSource& source, const oci::Platform& platform,
                          const std::filesystem::path& work_directory, const remote::RegistryOptions& registry)
{
  switch (source.kind) {
  case project::BaseSource::Kind::scratch:
    return BaseImage{};
  case project::BaseSource::Kind::oci_layout:
    return load_from_layout(source.location, source.ref, platform,
                            "oci:" + std::filesystem::absolute(source.location).lexically_normal().string() +
                              (source.ref.empty() ? "" : ":" + source.ref));
  case project::BaseSource::Kind::oci_archive: {
    if (!std::filesystem::is_regular_file(source.location)) {
      throw UsageError("--base-image: OCI archive '" + source.location + "' does not exist");
    }
    auto unpacked = work_directory / "base-archive";
    std::filesystem::create_directories(unpacked);
    unpack_archive(source.location, unpacked);
    return load_from_layout(unpacked, source.ref, platform,
                            "oci-archive:" + std::filesystem::absolute(source.location).lexically_normal().string() +
                              (source.ref.empty() ? "" : ":" + source.ref));
  }
  case project::BaseSource::Kind::registry:
    break;
  }
  auto reference = ref::Reference::parse(source.location);
  auto store = remote::store_directory(registry);
  if (!reference.digest.empty() && std::filesystem::exists(store / "index.json")) {
    // Pinned by digest and already pulled: no registry needed.
    try {
      return load_from_layout(store, reference.name() + "@" + reference.digest, platform, reference.str(),
                              reference.str());
    } catch (const Error& error) {
      log::verbose("base image " + reference.str() + " is not complete in the store (" + error.message() +
                   "); pulling it");
    }
  }
  auto pulled = with_context("base image '" + reference.str() + "'",
                             [&] { return remote::pull_to_store(reference, platform, registry); });
  return load_from_layout(store, pulled.pinned_name, platform, reference.str(), reference.str());
}

} // namespace pycontainer::pipeline
