#include "layer/decompressor.hpp"
#include "layer/input_file.hpp"
#include "layer/layer_writer.hpp"
#include "util/error.hpp"
#include "util/sha256.hpp"

#include <memory>
#include <span>

namespace pycontainer::layer {

namespace {

constexpr std::size_t k_diff_id_read_size = 1024 * 1024;

} // namespace

oci::Digest diff_id_of_blob(const std::filesystem::path& blob, std::string_view media_type)
{
  auto compression = oci::media_type::layer_compression(media_type);
  util::Sha256 tar_hash;
  auto decompressor =
    make_decompressor(compression, [&tar_hash](const void* data, std::size_t size) { tar_hash.update(data, size); });
  InputFile file(blob);
  auto buffer = std::make_unique<char[]>(k_diff_id_read_size);
  std::span<char> chunk(buffer.get(), k_diff_id_read_size);
  with_context("layer blob " + blob.string(), [&] {
    while (std::size_t got = file.read(chunk)) {
      decompressor->write(chunk.data(), got);
    }
    decompressor->finish();
  });
  return oci::Digest::from_sha256_hex(tar_hash.finish_hex());
}

} // namespace pycontainer::layer
