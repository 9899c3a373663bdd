#pragma once

#include "oci/descriptor.hpp"
#include "oci/manifest.hpp"
#include "util/atomic_file.hpp"
#include "util/sha256.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pycontainer::layout {

// Annotation keys on index.json descriptors.
inline constexpr std::string_view k_ref_name_annotation = "org.opencontainers.image.ref.name";
inline constexpr std::string_view k_image_name_annotation = "io.containerd.image.name";

// What writing a blob that a layout already has does.
enum class ExistingBlobs {
  // Kept, with its links: same digest, same bytes, and a rebuild rewrites nothing.
  keep,
  // Kept if its bytes still have its digest (hashed again), else replaced by the bytes just hashed: for a
  // store that vouches for its blobs (the layer cache), since a file hard-linked into other layouts may
  // have been changed through one of them.
  verify,
};

// Streams a blob into a layout's blobs/sha256/, hashing as it goes; commit() renames the temporary
// file to its digest. Abandoned (not committed) writers leave nothing behind.
class BlobWriter {
public:
  explicit BlobWriter(const std::filesystem::path& blobs_directory, ExistingBlobs existing = ExistingBlobs::keep);
  void write(const void* data, std::size_t size);
  // Returns the blob's digest and size. An existing blob of that digest is kept or replaced as the
  // writer was told.
  std::pair<oci::Digest, std::int64_t> commit();
  // For a blob whose digest is known in advance (a download): commits only when the bytes written
  // have digest `expected`, else keeps nothing. Returns the digest of the bytes written.
  oci::Digest commit_if(const oci::Digest& expected);
  std::int64_t size() const { return m_size; } // bytes written so far

private:
  void place(const oci::Digest& digest);

  std::filesystem::path m_blobs_directory;
  ExistingBlobs m_existing;
  util::AtomicFile m_file;
  util::Sha256 m_hash;
  std::int64_t m_size = 0;
};

// An OCI image layout directory (oci-layout, index.json, blobs/sha256/).
//
// Crash safety: every blob is written under a temporary name and renamed to its digest; index.json is
// replaced atomically and last. A process killed at any moment leaves the previous index.json, and so
// the previous images, valid.
class Layout {
public:
  // Opens an existing layout; throws UsageError if `root` is not one (no oci-layout file, bad version).
  // `existing`: what writing a blob it already has does.
  static Layout open(const std::filesystem::path& root, ExistingBlobs existing = ExistingBlobs::keep);
  // Opens `root`, creating an empty layout (oci-layout, empty index.json, blobs/sha256/) if needed.
  // Throws UsageError if `root` exists, is not empty and is not a layout.
  static Layout open_or_create(const std::filesystem::path& root);

  const std::filesystem::path& root() const { return m_root; }
  std::filesystem::path blobs_directory() const; // <root>/blobs/sha256
  std::filesystem::path blob_path(const oci::Digest& digest) const;
  bool has_blob(const oci::Digest& digest) const;

  BlobWriter begin_blob() const;
  // Writes `bytes` as a blob (skipped if it exists) and returns its descriptor.
  oci::Descriptor write_blob(std::string_view bytes, std::string media_type) const;
  // Puts an existing file into the layout as blob `digest`: hard link where the filesystem allows,
  // copy otherwise (atomically). Does not re-hash; callers pass files they have verified.
  void link_or_copy_blob(const std::filesystem::path& source, const oci::Digest& digest) const;
  // Reads a small blob (manifests, configs); throws if missing or larger than `max_size`.
  std::string read_blob(const oci::Digest& digest, std::size_t max_size = 4 * 1024 * 1024) const;

  oci::Index read_index() const;
  // Points the image name at `manifest` in index.json: descriptors with the same ref name are
  // replaced, all others kept, under a lock (so concurrent taggers lose nothing). `ref_name` is the
  // tag ("1.0"); `image_name` the full reference ("docker.io/library/app:1.0"). index.json is not rewritten when it would stay the same.
  void set_tag(oci::Descriptor manifest, const std::string& ref_name, const std::string& image_name) const;
  // Finds a manifest descriptor by ref name or full image name; with an empty `ref`, the only
  // image of the index (nullopt when there are several or none; artifacts such as SBOMs do not count).
  std::optional<oci::Descriptor> find(std::string_view ref) const;

private:
  Layout(std::filesystem::path root, ExistingBlobs existing) : m_root(std::move(root)), m_existing(existing) {}
  std::filesystem::path m_root;
  ExistingBlobs m_existing;
};

// The value of annotation `key` of `descriptor` (k_ref_name_annotation...); empty when it has none.
std::string annotation(const oci::Descriptor& descriptor, std::string_view key);

// The descriptors of `descriptors` that are images: those without an artifactType (an SBOM's has one).
std::vector<oci::Descriptor> only_images(std::vector<oci::Descriptor> descriptors);

// "dist/image:1.0" -> {"dist/image", "1.0"}; "dist/image" -> {"dist/image", ""}. A colon belongs to
// the path when what follows it contains '/' or when the whole argument is an existing directory.
struct LayoutArgument {
  std::filesystem::path path;
  std::string ref;
};
LayoutArgument parse_layout_argument(std::string_view argument);

} // namespace pycontainer::layout
