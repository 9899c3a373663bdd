#include "pipeline/base_image.hpp"

#include "layout/image_lookup.hpp"
#include "layout/layout.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "oci/resolve.hpp"
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
  return with_context("base image '" + name + "'", [&] {
    auto top = layout::find_image(layout, ref);
    layout::LayoutContent content(layout);
    auto image = oci::resolve_image(content, top, platform, "the image");
    BaseImage base;
    base.name = name;
    base.reference = reference.empty() ? name_in_layout(top) : reference;
    base.digest = image.descriptor().digest;
    base.config = std::move(image.config);
    base.layers = std::move(image.manifest.layers);
    base.blobs_directory = layout.blobs_directory();
    // The sizes always (a stat); the digests where each layer is first read (deps::inspect_base).
    for (std::size_t i = 0; i < base.layers.size(); ++i) {
      with_context(oci::document_label("layer " + std::to_string(i + 1), base.layers[i]),
                   [&] { layout::checked_blob_path(layout, base.layers[i]); });
    }
    return base;
  });
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
  std::unique_ptr<struct archive, decltype(&archive_read_free)> reader(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(reader.get());
  archive_read_support_filter_all(reader.get());
  if (archive_read_open_filename(reader.get(), archive_file.c_str(), 1 << 20) != ARCHIVE_OK) {
    throw IoError("open", archive_file.string(), archive_error_string(reader.get()));
  }
  std::unique_ptr<struct archive, decltype(&archive_write_free)> writer(archive_write_disk_new(), archive_write_free);
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

// An oci-archive base unpacked into `work_directory`: the layout's directory.
std::filesystem::path unpack_base_archive(const project::BaseSource& source, const std::filesystem::path& work_directory)
{
  if (!std::filesystem::is_regular_file(source.location)) {
    throw UsageError("--base-image: OCI archive '" + source.location + "' does not exist");
  }
  auto unpacked = work_directory / "base-archive";
  std::filesystem::create_directories(unpacked);
  unpack_archive(source.location, unpacked);
  return unpacked;
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
  case project::BaseSource::Kind::oci_archive:
    return load_from_layout(unpack_base_archive(source, work_directory), source.ref, platform,
                            "oci-archive:" + std::filesystem::absolute(source.location).lexically_normal().string() +
                              (source.ref.empty() ? "" : ":" + source.ref));
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

std::vector<oci::Platform> base_platforms(const project::BaseSource& source, const std::filesystem::path& work_directory,
                                          const remote::RegistryOptions& registry)
{
  std::filesystem::path directory;
  switch (source.kind) {
  case project::BaseSource::Kind::scratch:
    throw UsageError("--platform all: the base is scratch, which has no platforms; name them (--platform linux/amd64,linux/arm64)");
  case project::BaseSource::Kind::registry:
    return with_context("base image '" + source.location + "'",
                        [&] { return remote::image_platforms(ref::Reference::parse(source.location), registry); });
  case project::BaseSource::Kind::oci_layout:
    directory = source.location;
    break;
  case project::BaseSource::Kind::oci_archive:
    directory = unpack_base_archive(source, work_directory);
    break;
  }
  auto layout = layout::Layout::open(directory);
  return with_context("base image '" + source.location + "'", [&] {
    layout::LayoutContent content(layout);
    return oci::image_platforms(content, layout::find_image(layout, source.ref), "the image");
  });
}

} // namespace pycontainer::pipeline
