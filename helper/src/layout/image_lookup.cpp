#include "layout/image_lookup.hpp"

#include "util/error.hpp"

#include <system_error>

namespace pycontainer::layout {

namespace {

// "1.0, latest": each image by its tag, else its full name, else its digest.
std::string image_names(const oci::Index& index)
{
  std::string names;
  for (const auto& descriptor : index.manifests) {
    auto name = descriptor.annotations.find(std::string(k_ref_name_annotation));
    if (name == descriptor.annotations.end()) {
      name = descriptor.annotations.find(std::string(k_image_name_annotation));
    }
    names += names.empty() ? "" : ", ";
    names += name == descriptor.annotations.end() ? descriptor.digest.str() : name->second;
  }
  return names;
}

} // namespace

oci::Descriptor find_image(const Layout& layout, std::string_view ref)
{
  if (auto found = layout.find(ref)) {
    return *found;
  }
  auto index = layout.read_index();
  if (ref.empty()) {
    index.manifests = only_images(std::move(index.manifests));
  }
  std::string where = "'" + layout.root().string() + "'";
  if (index.manifests.empty()) {
    throw UsageError(ref.empty() ? where + " holds no image"
                                 : "no image \"" + std::string(ref) + "\" in " + where + ", which holds no image");
  }
  if (ref.empty()) {
    throw UsageError(where + " holds " + std::to_string(index.manifests.size()) +
                     " images; name one of: " + image_names(index));
  }
  throw UsageError("no image \"" + std::string(ref) + "\" in " + where + " (available: " + image_names(index) + ")");
}

std::filesystem::path checked_blob_path(const Layout& layout, const oci::Descriptor& blob)
{
  if (blob.digest.algorithm() != "sha256") {
    throw Error("cannot check " + blob.digest.algorithm() + " digests (sha256 only)");
  }
  auto path = layout.blob_path(blob.digest);
  std::error_code error;
  auto status = std::filesystem::symlink_status(path, error);
  if (!std::filesystem::exists(status)) {
    throw Error("blob is missing ('" + path.string() + "'; a damaged layout?)");
  }
  if (!std::filesystem::is_regular_file(std::filesystem::status(path, error))) {
    throw Error("blob '" + path.string() + "' is not a regular file (a damaged layout?)");
  }
  auto size = std::filesystem::file_size(path, error);
  if (error) {
    throw IoError("stat", path.string(), error.message());
  }
  if (static_cast<std::int64_t>(size) != blob.size) {
    throw Error("size mismatch: the descriptor says " + std::to_string(blob.size) + " bytes, the blob ('" +
                path.string() + "') has " + std::to_string(size) + " (a damaged layout?)");
  }
  return path;
}

std::string LayoutContent::read(const oci::Descriptor& descriptor)
{
  checked_blob_path(m_layout, descriptor);
  auto bytes = m_layout.read_blob(descriptor.digest);
  if (auto digest = oci::Digest::of(bytes); digest != descriptor.digest) {
    throw Error("digest mismatch: the content ('" + m_layout.blob_path(descriptor.digest).string() +
                "') hashes to " + digest.str() + " (a damaged layout?)");
  }
  return bytes;
}

oci::ResolvedImage resolve_image(const Layout& layout, std::string_view ref, const std::optional<oci::Platform>& platform,
                                 oci::Accept accept, std::string_view subject)
{
  auto top = find_image(layout, ref);
  std::string name = subject.empty() ? "image '" + layout.root().string() + (ref.empty() ? "" : ":" + std::string(ref)) + "'"
                                     : std::string(subject);
  LayoutContent content(layout);
  return oci::resolve_image(content, top, platform, name, accept);
}

} // namespace pycontainer::layout
