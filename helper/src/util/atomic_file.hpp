#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>

namespace pycontainer::util {

// Writes a file under a temporary name beside its target and renames it into place on commit(), so
// readers see either the old file or the whole new one. Without commit() the destructor removes the
// temporary file: a failed or interrupted step leaves nothing half-written behind.
class AtomicFile {
public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, std::size_t size);
  void write(std::string_view data) { write(data.data(), data.size()); }

  const std::filesystem::path& temp_path() const { return m_temp_path; }

  // Closes and renames the file to the target given at construction.
  void commit();
  // Closes and renames the file to `target` (for content-addressed names known only at the end).
  void commit_as(const std::filesystem::path& target);

private:
  void close();

  std::filesystem::path m_target;
  std::filesystem::path m_temp_path;
  int m_fd = -1;
  bool m_committed = false;
};

} // namespace pycontainer::util
