#include "cache/layer_cache.hpp"

#include "cache/layer_key.hpp"
#include "layout/file_chunks.hpp"
#include "oci/manifest.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/file_lock.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace pycontainer::cache {

namespace {

constexpr int k_entry_version = 1;
constexpr std::int64_t k_billion = 1'000'000'000;

nlohmann::json status_json(const struct stat& info)
{
  return {{"size", static_cast<std::int64_t>(info.st_size)},
          {"mtime_ns", static_cast<std::int64_t>(info.st_mtim.tv_sec) * k_billion + info.st_mtim.tv_nsec},
          {"ctime_ns", static_cast<std::int64_t>(info.st_ctim.tv_sec) * k_billion + info.st_ctim.tv_nsec},
          {"inode", static_cast<std::uint64_t>(info.st_ino)},
          {"device", static_cast<std::uint64_t>(info.st_dev)}};
}

bool is_digest_name(std::string_view name)
{
  return name.size() == 64 &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// <directory>/layers.lock, after creating <directory>.
std::filesystem::path created_lock_path(const std::filesystem::path& directory)
{
  util::create_directories(directory);
  return directory / "layers.lock";
}

void remove_quietly(const std::filesystem::path& path)
{
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

} // namespace

std::uint64_t parse_size(std::string_view text)
{
  std::string_view number = text;
  std::uint64_t unit = 1;
  for (std::string_view suffix : {"iB", "B"}) {
    if (number.size() > suffix.size() && number.ends_with(suffix)) {
      number.remove_suffix(suffix.size());
      break;
    }
  }
  if (!number.empty()) {
    switch (number.back()) {
    case 'K': case 'k': unit = 1ull << 10; break;
    case 'M': case 'm': unit = 1ull << 20; break;
    case 'G': case 'g': unit = 1ull << 30; break;
    case 'T': case 't': unit = 1ull << 40; break;
    default: break;
    }
    if (unit != 1) {
      number.remove_suffix(1);
    }
  }
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc() || end != number.data() + number.size() || value > UINT64_MAX / unit) {
    throw UsageError("size \"" + std::string(text) + "\" is not a number of bytes with an optional K, M, G or T "
                     "suffix (e.g. 5G, 500M)");
  }
  return value * unit;
}

LayerCache::LayerCache(CacheSettings settings)
    : m_settings(std::move(settings)), m_layers(m_settings.directory / "layers"),
      m_lock(created_lock_path(m_settings.directory), util::LockMode::shared)
{
  // Created without Layout::open_or_create(), which two builds would race on: every step here is
  // idempotent, and files that exist are left alone.
  util::create_directories(m_layers / "blobs" / "sha256");
  for (auto [name, content] : {std::pair<std::string, std::string>{"oci-layout", R"({"imageLayoutVersion":"1.0.0"})"},
                               std::pair<std::string, std::string>{"index.json", oci::canonical_json(oci::Index{}.to_json())}}) {
    std::error_code error;
    if (!std::filesystem::exists(m_layers / name, error)) {
      util::write_file_atomic(m_layers / name, content);
    }
  }
  // A miss writes its blob over one of the same name unless that one is intact: it may be a hard link a
  // layout shares and has changed since, and the entry recorded next vouches for it.
  m_store = layout::Layout::open(m_layers, layout::ExistingBlobs::verify);
}

LayerCache::Stats LayerCache::stats() const
{
  std::lock_guard lock(m_mutex);
  return m_stats;
}

layer::Result LayerCache::pack(const std::vector<layer::Entry>& entries, const layer::Options& options,
                               const layout::Layout& into)
{
  return pack(layer_key(entries, options), entries, options, into);
}

const layer::Entry* LayerCache::racy_entry(const std::vector<layer::Entry>& entries) const
{
  auto now = std::chrono::system_clock::now();
  auto racy = std::find_if(entries.begin(), entries.end(),
                           [&](const layer::Entry& entry) { return is_racy(entry, now, m_settings.racy_window); });
  return racy == entries.end() ? nullptr : &*racy;
}

layer::Result LayerCache::pack(const std::string& key, const std::vector<layer::Entry>& entries,
                               const layer::Options& options, const layout::Layout& into)
{
  if (auto found = find(key)) {
    link_into(found->blob, found->result.descriptor.digest, into);
    record(key, found->result, found->blob); // the blob's status after linking; also the LRU time
    std::lock_guard lock(m_mutex);
    ++m_stats.hits;
    log::verbose("layer cache: hit " + key + " -> " + found->result.descriptor.digest.str());
    return found->result;
  }

  if (const auto* racy = racy_entry(entries)) {
    {
      std::lock_guard lock(m_mutex);
      ++m_stats.uncached;
    }
    log::verbose("layer cache: not recording " + key + ": '" + racy->source +
                 "' changed less than the racy window ago");
    return layer::write_layer(entries, options, into);
  }

  auto result = layer::write_layer(entries, options, *m_store);
  auto blob = m_store->blob_path(result.descriptor.digest);
  link_into(blob, result.descriptor.digest, into);
  record(key, result, blob);
  {
    std::lock_guard lock(m_mutex);
    m_stored = true;
    ++m_stats.misses;
  }
  log::verbose("layer cache: stored " + key + " -> " + result.descriptor.digest.str());
  return result;
}

std::optional<LayerCache::Found> LayerCache::find(const std::string& key)
{
  auto entry_file = m_layers / (key + ".json");
  std::string text;
  try {
    text = util::read_file(entry_file, 1024 * 1024);
  } catch (const IoError&) {
    return std::nullopt; // no entry (or an unreadable one: a miss either way)
  }
  auto json = nlohmann::json::parse(text, nullptr, false);
  Found found;
  nlohmann::json recorded_status;
  try {
    if (json.is_discarded() || json.at("version").get<int>() != k_entry_version) {
      throw std::runtime_error("malformed");
    }
    found.result.descriptor = oci::Descriptor::from_json(json.at("descriptor"));
    found.result.diff_id = oci::Digest::parse(json.at("diff_id").get<std::string>());
    found.result.tar_size = json.at("tar_size").get<std::uint64_t>();
    found.result.entry_count = json.at("entry_count").get<std::size_t>();
    recorded_status = json.at("blob_status");
  } catch (const std::exception&) {
    reject(entry_file, {}, "malformed entry");
    return std::nullopt;
  }
  found.blob = m_store->blob_path(found.result.descriptor.digest);

  struct stat info {};
  if (::lstat(found.blob.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    reject(entry_file, {}, "its blob is missing");
    return std::nullopt;
  }
  if (info.st_size != found.result.descriptor.size) {
    reject(entry_file, found.blob, "its blob has " + std::to_string(info.st_size) + " bytes, not " +
                                     std::to_string(found.result.descriptor.size));
    return std::nullopt;
  }
  if (status_json(info) != recorded_status) {
    auto digest = layout::digest_of_file(found.blob);
    if (digest != found.result.descriptor.digest) {
      reject(entry_file, found.blob, "its blob's digest is " + digest.str());
      return std::nullopt;
    }
  }
  return found;
}

void LayerCache::reject(const std::filesystem::path& entry_file, const std::filesystem::path& blob, std::string_view why)
{
  {
    std::lock_guard lock(m_mutex);
    ++m_stats.rejected;
  }
  log::warn("layer cache: ignoring and removing '" + entry_file.string() + "': " + std::string(why) +
            "; the layer is packed again");
  remove_quietly(entry_file);
  if (!blob.empty()) {
    struct stat info {};
    if (::lstat(blob.c_str(), &info) == 0) {
      // Layouts that hard-linked this blob share its bad bytes: link_into() replaces them there.
      std::lock_guard lock(m_mutex);
      m_rejected_files.emplace(static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino));
    }
    remove_quietly(blob);
  }
}

void LayerCache::link_stored_blob(const oci::Digest& digest, const layout::Layout& into) const
{
  link_into(m_store->blob_path(digest), digest, into);
}

void LayerCache::link_into(const std::filesystem::path& blob, const oci::Digest& digest, const layout::Layout& into) const
{
  auto target = into.blob_path(digest);
  struct stat existing {};
  if (::lstat(target.c_str(), &existing) == 0) {
    struct stat source {};
    if (::lstat(blob.c_str(), &source) == 0 && source.st_ino == existing.st_ino && source.st_dev == existing.st_dev) {
      return; // already this blob: nothing to write
    }
    bool bad = false;
    {
      std::lock_guard lock(m_mutex);
      bad = m_rejected_files.contains({static_cast<std::uint64_t>(existing.st_dev), static_cast<std::uint64_t>(existing.st_ino)});
    }
    if (!bad && existing.st_size == source.st_size) {
      return; // the layout's own copy (another filesystem, or written without the cache)
    }
    remove_quietly(target);
  }
  into.link_or_copy_blob(blob, digest);
}

void LayerCache::record(const std::string& key, const layer::Result& result, const std::filesystem::path& blob) const
{
  struct stat info {};
  if (::lstat(blob.c_str(), &info) != 0) {
    throw IoError("stat", blob.string(), errno);
  }
  nlohmann::json entry{{"version", k_entry_version},
                       {"descriptor", result.descriptor.to_json()},
                       {"diff_id", result.diff_id.str()},
                       {"tar_size", result.tar_size},
                       {"entry_count", result.entry_count},
                       {"blob_status", status_json(info)}};
  auto entry_file = m_layers / (key + ".json");
  if (!util::write_file_if_changed(entry_file, entry.dump() + "\n")) {
    // Unchanged: only mark it used now, for the LRU order.
    if (::utimensat(AT_FDCWD, entry_file.c_str(), nullptr, 0) != 0) {
      log::verbose("layer cache: cannot touch '" + entry_file.string() + "': " + std::strerror(errno));
    }
  }
}

bool LayerCache::evict()
{
  m_lock.unlock();
  if (!m_lock.try_lock(util::LockMode::exclusive)) {
    log::verbose("layer cache: another build is using the cache; it evicts when it ends");
    m_lock.lock(util::LockMode::shared);
    return false;
  }
  auto blobs_directory = m_layers / "blobs" / "sha256";
  // Nobody else holds the lock: temporary files are what killed builds left.
  std::map<std::string, std::uint64_t> blob_sizes;
  std::uint64_t total = 0;
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(blobs_directory, error)) {
    auto name = item.path().filename().string();
    struct stat info {};
    if (!is_digest_name(name)) {
      remove_quietly(item.path());
    } else if (::lstat(item.path().c_str(), &info) == 0) {
      blob_sizes[name] = static_cast<std::uint64_t>(info.st_size);
      total += static_cast<std::uint64_t>(info.st_size);
    }
  }
  struct Entry {
    std::int64_t used_ns;
    std::filesystem::path file;
    std::string blob;
  };
  std::vector<Entry> entries;
  std::map<std::string, int> users;
  for (const auto& item : std::filesystem::directory_iterator(m_layers, error)) {
    auto name = item.path().filename().string();
    if (name.find(".json.tmp.") != std::string::npos) {
      remove_quietly(item.path());
      continue;
    }
    if (!name.ends_with(".json") || name == "index.json") {
      continue;
    }
    struct stat info {};
    auto json = nlohmann::json::parse(util::read_file(item.path(), 1024 * 1024), nullptr, false);
    std::string blob;
    if (!json.is_discarded() && json.contains("descriptor") && json["descriptor"].contains("digest") &&
        json["descriptor"]["digest"].is_string()) {
      blob = json["descriptor"]["digest"].get<std::string>();
      blob = blob.substr(blob.find(':') + 1);
    }
    if (blob.empty() || !blob_sizes.contains(blob) || ::lstat(item.path().c_str(), &info) != 0) {
      remove_quietly(item.path()); // an entry without its blob is no entry
      continue;
    }
    entries.push_back({static_cast<std::int64_t>(info.st_mtim.tv_sec) * k_billion + info.st_mtim.tv_nsec,
                       item.path(), blob});
    ++users[blob];
  }
  auto remove_blob = [&](const std::string& blob) {
    remove_quietly(blobs_directory / blob);
    total -= blob_sizes[blob];
    log::verbose("layer cache: evicted blob sha256:" + blob);
  };
  for (const auto& [blob, size] : blob_sizes) {
    if (!users.contains(blob)) {
      remove_blob(blob);
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used_ns < b.used_ns; });
  for (const auto& entry : entries) {
    if (total <= m_settings.max_size) {
      break;
    }
    remove_quietly(entry.file);
    if (--users[entry.blob] == 0) {
      remove_blob(entry.blob);
    }
  }
  m_lock.lock(util::LockMode::shared);
  return true;
}

void LayerCache::finish()
{
  if (!m_stored) {
    return;
  }
  try {
    evict();
  } catch (const Error& error) {
    log::warn("layer cache: eviction failed: " + error.message());
  }
}

} // namespace pycontainer::cache
