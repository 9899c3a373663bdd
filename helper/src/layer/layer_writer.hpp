#pragma once

#include "layout/layout.hpp"
#include "oci/descriptor.hpp"
#include "oci/media_types.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct stat;

namespace pycontainer::layer {

enum class EntryType { directory, regular, symlink };

// One file of a layer.
struct Entry {
  std::string path; // inside the image, relative, '/'-separated, no leading '/': "app/hello/cli.py"
  EntryType type = EntryType::regular;
  std::string source;            // regular files: the absolute path their content is read from
  std::string link_target;      // symlinks
  std::uint32_t mode = 0644;    // permission bits as found on disk
  std::int64_t mtime = 0;       // seconds since the epoch, as found on disk
  // The file's status when it was listed (lstat), so that the plan's byte count and the layer cache's
  // key need no second stat, and so that a source swapped since (for a link out of the context) is
  // refused rather than packed. All zero when unknown: the cache then stats `source` itself.
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0; // nanoseconds since the epoch
  std::int64_t ctime_ns = 0;
  std::uint64_t inode = 0;
  std::uint64_t device = 0;
  // The source is written once under a name its content follows from and never rewritten (a file
  // PyContainer generates into its cache), so a recent change cannot hide a later one: never racy.
  bool immutable = false;
};

// Sets `entry`'s mode, mtime and status fields from lstat(2) data of its source.
void set_status(Entry& entry, const struct ::stat& info);

struct Options {
  oci::media_type::Compression compression = oci::media_type::Compression::gzip;
  int level = 6; // gzip 0-9 (6 is gzip's default), zstd as libzstd allows (3 is its default)
  // Threads compressing the layer: 0 is the whole thread budget (util/thread_budget.hpp); layer packing
  // gives each layer it packs at once its share (pipeline::packing_threads). The blob is the same for any
  // number.
  unsigned threads = 0;
  // Reproducible layers: every entry gets this mtime and normalised permissions (0755 for
  // directories and files with an exec bit, else 0644). nullopt keeps the real mtimes and modes.
  std::optional<std::int64_t> fixed_mtime;
};

struct Result {
  oci::Descriptor descriptor; // the compressed blob, media type set from the compression
  oci::Digest diff_id = oci::Digest::of("");
  std::uint64_t tar_size = 0;
  std::size_t entry_count = 0;
};

// Packs `entries` into one layer blob of `layout`, streaming: files are read in chunks, tar-encoded,
// compressed and hashed twice (diff_id over the tar, digest over the compressed bytes) in one pass,
// so memory stays flat whatever the layer size.
//
// The tar is deterministic: entries sorted by path, missing parent directories added (0755), uid/gid 0
// with empty user/group names, ustar headers with PAX records only where a field does not fit, no
// atime/ctime. gzip output has mtime 0, no file name and OS byte 255 (unknown).
// Throws UsageError for two entries with one path, IoError naming the file that cannot be read.
Result write_layer(std::vector<Entry> entries, const Options& options, const layout::Layout& layout);

// Compresses an existing tar file as it is into a layer blob (`pycontainer import-rootfs`).
Result import_tar(const std::filesystem::path& tarball, const Options& options, const layout::Layout& layout);

// Decompresses a layer blob according to `media_type` and returns the sha256 of the tar stream.
// Throws Error naming the blob when the data is corrupt or truncated.
oci::Digest diff_id_of_blob(const std::filesystem::path& blob, std::string_view media_type);

// The layer media type for a compression.
std::string layer_media_type(oci::media_type::Compression compression);

} // namespace pycontainer::layer
