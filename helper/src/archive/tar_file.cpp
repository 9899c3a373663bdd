#include "archive/tar_file.hpp"

#include "util/file.hpp"

namespace pycontainer::archive {

namespace {

const std::filesystem::path& with_parent(const std::filesystem::path& target)
{
  if (target.has_parent_path()) {
    util::create_directories(target.parent_path());
  }
  return target;
}

} // namespace

TarFile::TarFile(const std::filesystem::path& target, std::int64_t mtime)
  : m_file(with_parent(target)),
    m_tar([this](const void* data, std::size_t size) { m_file.write(data, size); }),
    m_mtime(mtime)
{
}

void TarFile::add_directory(const std::string& path)
{
  m_tar.add_directory(path, 0755, m_mtime);
}

void TarFile::add_file(const std::string& path, const std::filesystem::path& source)
{
  m_tar.add_file(path, source, 0644, m_mtime);
}

void TarFile::add_data(const std::string& path, std::string_view data)
{
  m_tar.add_data(path, data, 0644, m_mtime);
}

std::uint64_t TarFile::commit()
{
  m_tar.finish();
  m_file.commit();
  return m_tar.bytes_written();
}

} // namespace pycontainer::archive
