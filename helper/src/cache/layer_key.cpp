#include "cache/layer_key.hpp"

#include "util/error.hpp"
#include "util/sha256.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <string_view>
#include <sys/stat.h>

namespace pycontainer::cache {

namespace {

// Fields are separated by NUL (no path or link target holds one), entries end with a newline. Records
// are gathered and hashed in large pieces: an update per field cost more than the hashing itself.
class KeyWriter {
public:
  void field(std::string_view text)
  {
    m_pending.append(text);
    m_pending.push_back('\0');
  }
  template <typename Number>
  void number(Number value)
  {
    std::array<char, 24> digits{};
    auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
    field(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
  }
  void end_record()
  {
    constexpr std::size_t k_piece_size = 64 * 1024;
    m_pending.push_back('\n');
    if (m_pending.size() >= k_piece_size) {
      m_hash.update(m_pending);
      m_pending.clear();
    }
  }
  std::string finish()
  {
    m_hash.update(m_pending);
    return m_hash.finish_hex();
  }

private:
  util::Sha256 m_hash;
  std::string m_pending;
};

std::string_view type_name(layer::EntryType type)
{
  switch (type) {
  case layer::EntryType::directory:
    return "dir";
  case layer::EntryType::symlink:
    return "symlink";
  case layer::EntryType::regular:
    break;
  }
  return "file";
}

std::string_view compression_name(oci::media_type::Compression compression)
{
  using oci::media_type::Compression;
  switch (compression) {
  case Compression::gzip:
    return "gzip";
  case Compression::zstd:
    return "zstd";
  case Compression::none:
    break;
  }
  return "none";
}

// The options that shape a layer's bytes (not the thread count, which never changes them).
void write_options(KeyWriter& key, const layer::Options& options)
{
  key.field("pycontainer layer cache");
  key.number(k_layer_format_version);
  key.field(PYCONTAINER_VERSION);
  key.field(compression_name(options.compression));
  key.number(options.level);
  key.field(options.fixed_mtime ? std::to_string(*options.fixed_mtime) : "-");
}

} // namespace

std::string layer_key(const std::vector<layer::Entry>& entries, const layer::Options& options)
{
  std::vector<const layer::Entry*> sorted;
  sorted.reserve(entries.size());
  for (const auto& entry : entries) {
    sorted.push_back(&entry);
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->path < b->path; });

  KeyWriter key;
  write_options(key, options);
  key.number(sorted.size());
  key.end_record();
  for (const auto* listed : sorted) {
    layer::Entry stated;
    const layer::Entry* entry = listed;
    if (entry->type == layer::EntryType::regular && entry->inode == 0) {
      struct stat info {};
      if (::lstat(entry->source.c_str(), &info) != 0) {
        throw IoError("stat", entry->source, errno);
      }
      stated = *entry;
      layer::set_status(stated, info);
      entry = &stated;
    }
    key.field(entry->path);
    key.field(type_name(entry->type));
    key.number(entry->mode);
    key.number(entry->mtime);
    key.field(entry->link_target);
    if (entry->type == layer::EntryType::regular) {
      key.number(entry->size);
      key.number(entry->mtime_ns);
      key.number(entry->ctime_ns);
      key.number(entry->inode);
      key.number(entry->device);
    }
    key.end_record();
  }
  return key.finish();
}

std::string content_layer_key(const std::string& content_key, const layer::Options& options)
{
  KeyWriter key;
  write_options(key, options);
  key.field("content");
  key.field(content_key);
  key.end_record();
  return key.finish();
}

bool is_racy(const layer::Entry& entry, std::chrono::system_clock::time_point now, std::chrono::nanoseconds window)
{
  if (entry.type != layer::EntryType::regular || entry.immutable) {
    return false;
  }
  if (entry.inode == 0) {
    return true; // no status: nothing to vouch for it
  }
  auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  auto changed = std::max(entry.mtime_ns, entry.ctime_ns);
  return changed > now_ns - window.count();
}

} // namespace pycontainer::cache
