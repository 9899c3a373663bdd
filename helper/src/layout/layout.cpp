#include "layout/layout.hpp"

#include "ref/reference.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/file_lock.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <system_error>

// On disk (OCI image layout specification):
//   <root>/oci-layout          {"imageLayoutVersion":"1.0.0"}
//   <root>/index.json          an OCI image index; its descriptors carry the tag annotations
//   <root>/blobs/sha256/<hex>  every blob, named by its digest

namespace pycontainer::layout {

namespace {

constexpr std::string_view k_layout_file = "oci-layout";
constexpr std::string_view k_index_file = "index.json";
constexpr std::string_view k_layout_content = R"({"imageLayoutVersion":"1.0.0"})";

std::string quoted(const std::filesystem::path& path)
{
  return "'" + path.string() + "'";
}

bool path_exists(const std::filesystem::path& path)
{
  std::error_code error;
  return std::filesystem::exists(path, error);
}

// Throws UsageError unless `root` has an oci-layout file of a version we read (1.x).
void check_layout_file(const std::filesystem::path& root)
{
  auto path = root / k_layout_file;
  if (!path_exists(path)) {
    throw UsageError(quoted(root) + " is not an OCI image layout (no oci-layout file)");
  }
  auto json = nlohmann::json::parse(util::read_file(path, 64 * 1024), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || !json.contains("imageLayoutVersion") ||
      !json["imageLayoutVersion"].is_string()) {
    throw UsageError(quoted(path) + " is not a valid oci-layout file (expected " + std::string(k_layout_content) +
                     ")");
  }
  auto version = json["imageLayoutVersion"].get<std::string>();
  if (!version.starts_with("1.")) {
    throw UsageError(quoted(root) + " has an unsupported image layout version \"" + version + "\" (1.x expected)");
  }
}

void write_index(const std::filesystem::path& root, const oci::Index& index)
{
  util::write_file_atomic(root / k_index_file, oci::canonical_json(index.to_json()));
}

// "app:1.0" and "docker.io/library/app:1.0" name the same image; nullopt when `text` is no reference.
std::optional<std::string> normalised_reference(std::string_view text)
{
  try {
    return ref::Reference::parse(text).str();
  } catch (const UsageError&) {
    return std::nullopt;
  }
}

} // namespace

std::string annotation(const oci::Descriptor& descriptor, std::string_view key)
{
  auto found = descriptor.annotations.find(std::string(key));
  return found == descriptor.annotations.end() ? std::string() : found->second;
}

std::vector<oci::Descriptor> only_images(std::vector<oci::Descriptor> descriptors)
{
  std::erase_if(descriptors, [](const oci::Descriptor& descriptor) { return !descriptor.artifact_type.empty(); });
  return descriptors;
}

Layout Layout::open(const std::filesystem::path& root, ExistingBlobs existing)
{
  check_layout_file(root);
  if (!path_exists(root / k_index_file)) {
    throw UsageError(quoted(root) + " is not a complete OCI image layout (no index.json)");
  }
  return Layout(root, existing);
}

Layout Layout::open_or_create(const std::filesystem::path& root)
{
  if (!path_exists(root / k_layout_file)) {
    std::error_code error;
    if (path_exists(root) && !std::filesystem::is_empty(root, error)) {
      throw UsageError(quoted(root) + " exists, is not empty and is not an OCI image layout (no oci-layout file)");
    }
    util::create_directories(root / "blobs" / "sha256");
    util::write_file_atomic(root / k_layout_file, k_layout_content);
  }
  check_layout_file(root);
  // A layout interrupted between its two files gets its empty index now.
  if (!path_exists(root / k_index_file)) {
    write_index(root, oci::Index{});
  }
  return Layout(root, ExistingBlobs::keep);
}

std::filesystem::path Layout::blobs_directory() const
{
  return m_root / "blobs" / "sha256";
}

std::filesystem::path Layout::blob_path(const oci::Digest& digest) const
{
  return m_root / "blobs" / digest.algorithm() / digest.encoded();
}

bool Layout::has_blob(const oci::Digest& digest) const
{
  std::error_code error;
  return std::filesystem::is_regular_file(blob_path(digest), error);
}

BlobWriter Layout::begin_blob() const
{
  return BlobWriter(blobs_directory(), m_existing);
}

oci::Descriptor Layout::write_blob(std::string_view bytes, std::string media_type) const
{
  oci::Descriptor descriptor;
  descriptor.media_type = std::move(media_type);
  descriptor.digest = oci::Digest::of(bytes);
  descriptor.size = static_cast<std::int64_t>(bytes.size());
  if (!has_blob(descriptor.digest)) {
    auto writer = begin_blob();
    writer.write(bytes.data(), bytes.size());
    writer.commit();
  }
  return descriptor;
}

std::string Layout::read_blob(const oci::Digest& digest, std::size_t max_size) const
{
  if (!has_blob(digest)) {
    throw Error("blob " + digest.str() + " is missing from " + quoted(m_root));
  }
  return util::read_file(blob_path(digest), max_size);
}

oci::Index Layout::read_index() const
{
  auto path = m_root / k_index_file;
  return oci::Index::parse(util::read_file(path), quoted(path));
}

void Layout::set_tag(oci::Descriptor manifest, const std::string& ref_name, const std::string& image_name) const
{
  if (!has_blob(manifest.digest)) {
    throw Error("cannot tag " + manifest.digest.str() + " in " + quoted(m_root) + ": its manifest blob is missing");
  }
  // Read, change, write under an exclusive lock, or builds tagging into one layout at once lose tags.
  // The lock is on oci-layout, a file that is never replaced (index.json is, by rename).
  util::FileLock lock(m_root / k_layout_file, util::LockMode::exclusive);
  auto index = read_index();
  std::erase_if(index.manifests, [&](const oci::Descriptor& descriptor) {
    return (!ref_name.empty() && annotation(descriptor, k_ref_name_annotation) == ref_name) ||
           (!image_name.empty() && annotation(descriptor, k_image_name_annotation) == image_name);
  });
  if (!ref_name.empty()) {
    manifest.annotations[std::string(k_ref_name_annotation)] = ref_name;
  }
  if (!image_name.empty()) {
    manifest.annotations[std::string(k_image_name_annotation)] = image_name;
  }
  index.manifests.push_back(std::move(manifest));
  // Tagging the same image again writes nothing (build systems and `ls -l` see no change).
  util::write_file_if_changed(m_root / k_index_file, oci::canonical_json(index.to_json()));
}

std::optional<oci::Descriptor> Layout::find(std::string_view ref) const
{
  auto manifests = read_index().manifests;
  if (ref.empty()) {
    auto images = only_images(manifests);
    return images.size() == 1 ? std::optional(images.front()) : std::nullopt;
  }
  auto matching = [&](auto&& predicate) -> std::optional<oci::Descriptor> {
    auto found = std::find_if(manifests.begin(), manifests.end(), predicate);
    return found == manifests.end() ? std::nullopt : std::optional(*found);
  };
  if (auto found = matching([&](const auto& d) { return annotation(d, k_ref_name_annotation) == ref; })) {
    return found;
  }
  if (auto found = matching([&](const auto& d) { return annotation(d, k_image_name_annotation) == ref; })) {
    return found;
  }
  auto wanted = normalised_reference(ref);
  if (!wanted) {
    return std::nullopt;
  }
  return matching([&](const auto& d) {
    auto image_name = annotation(d, k_image_name_annotation);
    return !image_name.empty() && normalised_reference(image_name) == wanted;
  });
}

} // namespace pycontainer::layout
