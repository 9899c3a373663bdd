#pragma once

#include "layer/layer_writer.hpp"
#include "layout/layout.hpp"
#include "util/file_lock.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The layer cache: packed layers kept across builds and projects, so that a layer whose files did not
// change is neither read nor compressed again.
//
// On disk, below the shared cache directory (<cache>, as for the registry store):
//   <cache>/layers.lock                      flock(2): shared while a build uses the cache, exclusive to evict
//   <cache>/layers/<key>.json                one entry: {"version", "descriptor", "diff_id", "tar_size",
//                                            "entry_count", "blob_status"}; its mtime is its last use (LRU)
//   <cache>/layers/blobs/sha256/<hex>        the blobs (an OCI image layout, so that tools can read it)
// <key> is layer_key() of the layer's entries and options. Blobs are written under a temporary name and
// renamed to their digest, entries atomically; two builds writing the same entry write the same bytes.
//
// Trust: a hit is used only when its blob has the recorded size, and its sha256 is the entry's digest.
// Hashing a blob costs ~50 ms per 100 MB, so the blob's status (size, mtime_ns, ctime_ns, inode, device)
// is recorded when it was last hashed and the blob is re-hashed only when that status changed: any write,
// truncation or replacement through the filesystem changes its ctime, and then the digest decides. A bad
// entry is removed and the layer packed again, never used. (Bits flipped below the filesystem, which no
// timestamp sees, are left to `pycontainer verify`.)
namespace pycontainer::cache {

inline constexpr std::uint64_t k_default_max_size = 5ull * 1024 * 1024 * 1024;

struct CacheSettings {
  std::filesystem::path directory; // <cache>; the layers live in <directory>/layers
  std::uint64_t max_size = k_default_max_size;
  // Layers holding a file changed less than this before the build are packed but not recorded (see
  // is_racy()); 2 s covers filesystems with 1 s and 2 s timestamps.
  std::chrono::nanoseconds racy_window = std::chrono::seconds(2);
};

// "5G", "500M", "64K", "1024" (bytes): powers of 1024, an optional trailing "B" or "iB". UsageError otherwise.
std::uint64_t parse_size(std::string_view text);

class LayerCache {
public:
  struct Stats {
    std::size_t hits = 0;
    std::size_t misses = 0;   // packed and recorded
    std::size_t uncached = 0; // packed, not recorded (racy files)
    std::size_t rejected = 0; // entries found bad (size or digest) and removed
  };

  // Opens the cache below settings.directory, creating it, and holds its lock shared until destroyed,
  // so that no other build evicts what this one uses. Throws IoError.
  explicit LayerCache(CacheSettings settings);
  LayerCache(const LayerCache&) = delete;
  LayerCache& operator=(const LayerCache&) = delete;

  // The layer of `entries` in `into`. A hit links (or copies) the cached blob into `into` and reads no
  // file of the layer; a miss packs it with layer::write_layer into the cache, records it and links it.
  // Several threads may pack at once.
  layer::Result pack(const std::vector<layer::Entry>& entries, const layer::Options& options,
                     const layout::Layout& into);
  // The same with the key already computed: `key` must be layer_key(entries, options).
  layer::Result pack(const std::string& key, const std::vector<layer::Entry>& entries, const layer::Options& options,
                     const layout::Layout& into);

  // Removes the least recently used entries (and blobs no entry uses) until the blobs take at most
  // max_size bytes; also removes temporary files left by killed builds. Needs the lock exclusive, so it
  // is skipped (returns false) while another build uses the cache: the last one to finish evicts.
  bool evict();
  // evict() if this cache recorded anything; errors are logged, not thrown (the build succeeded).
  void finish();

  // The first entry too recent for a layer of `entries` to be recorded now (is_racy()), nullptr if none.
  const layer::Entry* racy_entry(const std::vector<layer::Entry>& entries) const;

  Stats stats() const;
  const std::filesystem::path& directory() const { return m_layers; }
  // The cache's own layout (<cache>/layers): packing into it stores a layer without linking it elsewhere;
  // link_stored_blob() then puts it into a layout.
  const layout::Layout& store() const { return *m_store; }
  // Links (or copies) the blob `digest` of store() into `into`, replacing a copy there that shares a blob
  // this cache found bad.
  void link_stored_blob(const oci::Digest& digest, const layout::Layout& into) const;

private:
  struct Found {
    layer::Result result;
    std::filesystem::path blob;
  };
  std::optional<Found> find(const std::string& key);
  void reject(const std::filesystem::path& entry_file, const std::filesystem::path& blob, std::string_view why);
  void link_into(const std::filesystem::path& blob, const oci::Digest& digest, const layout::Layout& into) const;
  void record(const std::string& key, const layer::Result& result, const std::filesystem::path& blob) const;

  CacheSettings m_settings;
  std::filesystem::path m_layers;
  std::optional<layout::Layout> m_store;
  util::FileLock m_lock;
  mutable std::mutex m_mutex; // guards the three below while layers are packed on several threads
  bool m_stored = false;
  Stats m_stats;
  std::set<std::pair<std::uint64_t, std::uint64_t>> m_rejected_files; // (device, inode) of bad blobs
};

} // namespace pycontainer::cache
