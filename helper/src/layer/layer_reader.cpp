#include "layer/layer_reader.hpp"

#include "oci/media_types.hpp"
#include "util/error.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <cerrno>
#include <span>
#include <utility>

namespace pycontainer::layer {

namespace {

constexpr std::size_t k_layer_read_size = 256 * 1024;

} // namespace

LayerReader::LayerReader(std::filesystem::path blob, std::string_view media_type,
                         std::optional<std::string> expected_sha256)
  : m_blob(std::move(blob)), m_expected_sha256(std::move(expected_sha256)), m_file(m_blob), m_chunk(k_layer_read_size)
{
  m_decompressor = make_decompressor(oci::media_type::layer_compression(media_type),
                                     [this](const void* data, std::size_t size) {
                                       m_tar.append(static_cast<const char*>(data), size);
                                     });
  m_archive = {archive_read_new(), archive_read_free};
  if (!m_archive) {
    throw Error("cannot read layer '" + m_blob.string() + "': out of memory");
  }
  archive_read_support_format_tar(m_archive.get());
  if (archive_read_open(m_archive.get(), this, nullptr, &LayerReader::read_callback, nullptr) != ARCHIVE_OK) {
    fail(archive_error_string(m_archive.get()));
  }
}

LayerReader::~LayerReader() = default;

ssize_t LayerReader::read_callback(struct archive*, void* self, const void** buffer)
{
  return static_cast<LayerReader*>(self)->fill(buffer);
}

ssize_t LayerReader::fill(const void** buffer)
{
  m_tar.clear();
  try {
    while (m_tar.empty() && !m_blob_ended) {
      std::size_t got = m_file.read(std::span<char>(m_chunk));
      m_blob_ended = got == 0;
      if (m_blob_ended) {
        if (auto mismatch = digest_mismatch()) {
          throw Error(*mismatch);
        }
        m_decompressor->finish();
        break;
      }
      if (m_expected_sha256) {
        m_hash.update(m_chunk.data(), got);
      }
      m_decompressor->write(m_chunk.data(), got);
    }
  } catch (...) {
    m_error = std::current_exception();
    blame_damage();
    archive_set_error(m_archive.get(), EIO, "%s", "(the blob could not be read)");
    return -1;
  }
  *buffer = m_tar.data();
  return static_cast<ssize_t>(m_tar.size());
}

void LayerReader::blame_damage()
{
  try {
    while (!m_blob_ended && m_expected_sha256) {
      std::size_t got = m_file.read(std::span<char>(m_chunk));
      m_blob_ended = got == 0;
      m_hash.update(m_chunk.data(), got);
    }
    if (auto mismatch = digest_mismatch()) {
      m_error = std::make_exception_ptr(Error(*mismatch));
    }
  } catch (const Error&) {
    // the first error stands
  }
}

std::optional<std::string> LayerReader::digest_mismatch()
{
  if (!m_expected_sha256) {
    return std::nullopt;
  }
  auto expected = *std::exchange(m_expected_sha256, std::nullopt);
  if (auto content = m_hash.finish_hex(); content != expected) {
    return "it does not match its digest: its content is sha256:" + content + " (the layout is damaged)";
  }
  return std::nullopt;
}

void LayerReader::read_to_end()
{
  const void* ignored = nullptr;
  while (!m_blob_ended) {
    if (fill(&ignored) < 0) {
      fail("");
    }
  }
}

void LayerReader::fail(std::string_view what)
{
  if (!m_error) {
    m_error = std::make_exception_ptr(Error("cannot read its tar: " + std::string(what)));
    blame_damage();
  }
  try {
    std::rethrow_exception(std::exchange(m_error, nullptr));
  } catch (Error& error) {
    error.add_context("layer '" + m_blob.string() + "'");
    throw;
  }
}

archive_entry* LayerReader::next()
{
  if (m_entries_ended) {
    return nullptr;
  }
  int status = archive_read_next_header(m_archive.get(), &m_entry);
  if (status == ARCHIVE_OK) {
    return m_entry;
  }
  m_entry = nullptr;
  if (status != ARCHIVE_EOF) {
    fail(archive_error_string(m_archive.get()));
  }
  // libarchive stops at the end-of-archive blocks; what follows is part of the blob and its digest.
  read_to_end();
  m_entries_ended = true;
  return nullptr;
}

std::string LayerReader::content(std::size_t max_size)
{
  std::string content;
  read_content([&](const void* data, std::size_t size) {
    content.append(static_cast<const char*>(data), size);
    if (content.size() > max_size) {
      throw Error("layer '" + m_blob.string() + "': " + archive_entry_pathname(m_entry) + " is larger than " +
                  std::to_string(max_size) + " bytes");
    }
  });
  return content;
}

void LayerReader::read_content(const ByteSink& sink)
{
  std::array<char, 64 * 1024> buffer{};
  la_ssize_t got;
  while ((got = archive_read_data(m_archive.get(), buffer.data(), buffer.size())) > 0) {
    sink(buffer.data(), static_cast<std::size_t>(got));
  }
  if (got < 0) {
    fail(archive_error_string(m_archive.get()));
  }
}

std::string LayerReader::head(std::size_t size)
{
  std::string head(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    auto got = archive_read_data(m_archive.get(), head.data() + done, size - done);
    if (got < 0) {
      fail(archive_error_string(m_archive.get()));
    }
    if (got == 0) {
      break;
    }
    done += static_cast<std::size_t>(got);
  }
  head.resize(done);
  return head;
}

} // namespace pycontainer::layer
