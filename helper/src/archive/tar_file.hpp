#pragma once

#include "layer/tar_writer.hpp"
#include "util/atomic_file.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace pycontainer::archive {

// A tar file written as archives are: under a temporary name beside `target` (its parent directories
// created), renamed into place by commit(); abandoned, it leaves nothing. Every entry gets mode 0644
// (0755 for directories), uid/gid 0 and the same `mtime`, so the bytes depend only on what is added, in
// the order it is added.
class TarFile {
public:
  TarFile(const std::filesystem::path& target, std::int64_t mtime);

  void add_directory(const std::string& path);
  void add_file(const std::string& path, const std::filesystem::path& source);
  void add_data(const std::string& path, std::string_view data);
  // Ends the tar and renames it into place; returns its size in bytes.
  std::uint64_t commit();

private:
  util::AtomicFile m_file;
  layer::TarWriter m_tar;
  std::int64_t m_mtime;
};

} // namespace pycontainer::archive
