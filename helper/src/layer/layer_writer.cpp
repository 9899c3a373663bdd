#include "layer/layer_writer.hpp"

#include "layer/entry_plan.hpp"
#include "layer/input_file.hpp"
#include "layer/layer_blob_sink.hpp"
#include "layer/tar_writer.hpp"
#include "util/error.hpp"
#include "util/file.hpp"

#include <string_view>
#include <memory>
#include <span>
#include <sys/stat.h>

namespace pycontainer::layer {

namespace {

constexpr std::size_t k_import_chunk_size = 1024 * 1024;

// The compression a file starts with, if any; empty for anything else (a tar starts with a name).
std::string_view compression_of(std::string_view head)
{
  auto starts_with = [head](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  if (starts_with(std::string_view("\x1f\x8b", 2))) {
    return "gzip";
  }
  if (starts_with(std::string_view("\x28\xb5\x2f\xfd", 4))) {
    return "zstd";
  }
  if (starts_with(std::string_view("\xfd" "7zXZ\x00", 6))) {
    return "xz";
  }
  // "BZh", a block size digit and the first block's magic: "BZh" alone could be a file name.
  if (starts_with("BZh") && head.size() >= 10 && head[3] >= '1' && head[3] <= '9' && head.substr(4, 6) == "1AY&SY") {
    return "bzip2";
  }
  return {};
}

// A compressed tarball would go into the layer as it is and make a layer no runtime can unpack.
void check_not_compressed(const std::filesystem::path& tarball, std::string_view head)
{
  auto compression = compression_of(head);
  if (!compression.empty()) {
    throw UsageError("'" + tarball.string() + "' is " + std::string(compression) +
                     "-compressed; import-rootfs takes an uncompressed tar (decompress it first)");
  }
}

} // namespace

std::string layer_media_type(oci::media_type::Compression compression)
{
  using oci::media_type::Compression;
  switch (compression) {
  case Compression::gzip:
    return std::string(oci::media_type::k_oci_layer_gzip);
  case Compression::zstd:
    return std::string(oci::media_type::k_oci_layer_zstd);
  case Compression::none:
    break;
  }
  return std::string(oci::media_type::k_oci_layer_tar);
}

void set_status(Entry& entry, const struct ::stat& info)
{
  constexpr std::int64_t k_billion = 1'000'000'000;
  entry.mode = static_cast<std::uint32_t>(info.st_mode & 07777);
  entry.mtime = static_cast<std::int64_t>(info.st_mtim.tv_sec);
  entry.size = static_cast<std::uint64_t>(info.st_size);
  entry.mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * k_billion + info.st_mtim.tv_nsec;
  entry.ctime_ns = static_cast<std::int64_t>(info.st_ctim.tv_sec) * k_billion + info.st_ctim.tv_nsec;
  entry.inode = static_cast<std::uint64_t>(info.st_ino);
  entry.device = static_cast<std::uint64_t>(info.st_dev);
}

Result write_layer(std::vector<Entry> entries, const Options& options, const layout::Layout& layout)
{
  auto planned = plan_entries(std::move(entries), options);
  LayerBlobSink blob(options, layout);
  {
    TarWriter tar([&blob](const void* data, std::size_t size) { blob.write(data, size); });
    for (const auto& entry : planned) {
      switch (entry.type) {
      case EntryType::directory:
        tar.add_directory(entry.path, entry.mode, entry.mtime);
        break;
      case EntryType::symlink:
        tar.add_symlink(entry.path, entry.link_target, entry.mode, entry.mtime);
        break;
      case EntryType::regular:
        // An entry listed with its status is packed only if its source is still that file.
        tar.add_file(entry.path, entry.source, entry.mode, entry.mtime,
                     entry.inode != 0 ? std::optional(util::FileIdentity{entry.device, entry.inode}) : std::nullopt);
        break;
      }
    }
    tar.finish();
  }
  return blob.commit(planned.size());
}

Result import_tar(const std::filesystem::path& tarball, const Options& options, const layout::Layout& layout)
{
  InputFile file(tarball);
  LayerBlobSink blob(options, layout);
  auto buffer = std::make_unique<char[]>(k_import_chunk_size);
  std::span<char> chunk(buffer.get(), k_import_chunk_size);
  bool first = true;
  while (std::size_t got = file.read(chunk)) {
    if (first) {
      check_not_compressed(tarball, std::string_view(chunk.data(), got));
      first = false;
    }
    blob.write(chunk.data(), got);
  }
  return blob.commit(0);
}

} // namespace pycontainer::layer
