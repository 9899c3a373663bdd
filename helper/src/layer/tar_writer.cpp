#include "layer/tar_writer.hpp"

#include "layer/input_file.hpp"
#include "util/error.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <locale.h>

namespace pycontainer::layer {

namespace {

// Pins the thread's LC_CTYPE to C.UTF-8 while libarchive runs (see tar_writer.hpp). Without a
// C.UTF-8 locale (not glibc), the caller's locale stays in effect.
class Utf8LocaleScope {
public:
  Utf8LocaleScope()
  {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    if (utf8) {
      m_previous = uselocale(utf8);
    }
  }
  ~Utf8LocaleScope()
  {
    if (m_previous) {
      uselocale(m_previous);
    }
  }
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

private:
  locale_t m_previous = nullptr;
};

} // namespace

TarWriter::TarWriter(ByteSink sink)
  : m_sink(std::move(sink)), m_read_buffer(std::make_unique<char[]>(k_read_chunk_size))
{
  Utf8LocaleScope locale;
  m_archive = archive_write_new();
  m_entry = archive_entry_new();
  if (!m_archive || !m_entry) {
    archive_entry_free(m_entry);
    archive_write_free(m_archive);
    throw Error("tar: cannot create a libarchive writer");
  }
  if (archive_write_set_format_pax_restricted(m_archive) != ARCHIVE_OK ||
      archive_write_add_filter_none(m_archive) != ARCHIVE_OK ||
      archive_write_set_bytes_per_block(m_archive, static_cast<int>(k_block_size)) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(m_archive, 1) != ARCHIVE_OK ||
      archive_write_open2(m_archive, this, nullptr, &TarWriter::write_callback, nullptr, nullptr) != ARCHIVE_OK) {
    std::string message = archive_error_string(m_archive) ? archive_error_string(m_archive) : "unknown error";
    archive_entry_free(m_entry);
    archive_write_free(m_archive);
    throw Error("tar: cannot set up the libarchive writer: " + message);
  }
}

TarWriter::~TarWriter()
{
  Utf8LocaleScope locale;
  if (!m_closed) {
    // Abandoned: mark the archive failed, so that closing does not pad the unfinished entry, and
    // close it into a callback that discards, which releases libarchive's output buffer (free()
    // does not close a failed archive, and libarchive 3.6 then leaks that buffer).
    m_abandoned = true;
    archive_write_fail(m_archive);
    archive_write_close(m_archive);
  }
  archive_write_free(m_archive);
  archive_entry_free(m_entry);
}

ssize_t TarWriter::write_callback(struct archive* archive, void* self, const void* buffer, std::size_t length)
{
  auto* writer = static_cast<TarWriter*>(self);
  if (writer->m_abandoned) {
    return static_cast<ssize_t>(length);
  }
  if (writer->m_sink_error) {
    return -1;
  }
  // Exceptions must not cross libarchive's C frames: keep it and rethrow it in check().
  try {
    writer->m_sink(buffer, length);
  } catch (...) {
    writer->m_sink_error = std::current_exception();
    archive_set_error(archive, EIO, "output failed");
    return -1;
  }
  writer->m_bytes_written += length;
  return static_cast<ssize_t>(length);
}

void TarWriter::check(ssize_t result, const std::string& path)
{
  // ARCHIVE_WARN: a name that is not valid UTF-8 went in as raw bytes; the entry is written.
  if (result >= ARCHIVE_WARN) {
    return;
  }
  if (m_sink_error) {
    std::rethrow_exception(m_sink_error);
  }
  const char* message = archive_error_string(m_archive);
  throw Error("tar: cannot write \"" + path + "\": " + (message ? message : "unknown libarchive error"));
}

void TarWriter::write_header(const std::string& path, unsigned type, std::uint32_t mode, std::int64_t mtime,
                             std::int64_t size, const std::string* link_target)
{
  archive_entry_clear(m_entry);
  archive_entry_copy_pathname(m_entry, path.c_str());
  archive_entry_set_filetype(m_entry, type);
  archive_entry_set_perm(m_entry, static_cast<mode_t>(mode & 07777));
  archive_entry_set_uid(m_entry, 0);
  archive_entry_set_gid(m_entry, 0);
  archive_entry_set_mtime(m_entry, static_cast<time_t>(mtime), 0);
  archive_entry_set_size(m_entry, size);
  if (link_target) {
    archive_entry_copy_symlink(m_entry, link_target->c_str());
  }
  check(archive_write_header(m_archive, m_entry), path);
}

void TarWriter::add_directory(const std::string& path, std::uint32_t mode, std::int64_t mtime)
{
  Utf8LocaleScope locale;
  write_header(path, AE_IFDIR, mode, mtime, 0, nullptr);
}

void TarWriter::add_symlink(const std::string& path, const std::string& target, std::uint32_t mode,
                            std::int64_t mtime)
{
  Utf8LocaleScope locale;
  write_header(path, AE_IFLNK, mode, mtime, 0, &target);
}

void TarWriter::add_file(const std::string& path, const std::filesystem::path& source, std::uint32_t mode,
                         std::int64_t mtime, std::optional<util::FileIdentity> listed)
{
  InputFile file(source, listed);
  Utf8LocaleScope locale;
  write_header(path, AE_IFREG, mode, mtime, static_cast<std::int64_t>(file.size()), nullptr);
  std::span<char> buffer(m_read_buffer.get(), k_read_chunk_size);
  while (std::size_t got = file.read(buffer)) {
    check(archive_write_data(m_archive, buffer.data(), got), path);
  }
}

void TarWriter::add_data(const std::string& path, std::string_view data, std::uint32_t mode, std::int64_t mtime)
{
  Utf8LocaleScope locale;
  write_header(path, AE_IFREG, mode, mtime, static_cast<std::int64_t>(data.size()), nullptr);
  if (!data.empty()) {
    check(archive_write_data(m_archive, data.data(), data.size()), path);
  }
}

void TarWriter::finish()
{
  Utf8LocaleScope locale;
  m_closed = true; // whether or not it succeeds: libarchive closes only once
  check(archive_write_close(m_archive), "end of archive");
}

} // namespace pycontainer::layer
