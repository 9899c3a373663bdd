#pragma once

#include "util/sha256.hpp"
#include "util/string.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <sys/types.h>

// Wheels (zips) written by the tests themselves.
namespace pycontainer::test {

struct ZipMember {
  std::string content;
  mode_t mode = 0644;
};

using Members = std::map<std::string, ZipMember>;

inline std::string record_hash(std::string_view content)
{
  util::Sha256 hasher;
  hasher.update(content);
  return "sha256=" + util::base64_encode(hasher.finish_bytes(), util::Base64::url_safe_unpadded);
}

// Writes `members` as a zip; with `record`, appends <dist_info>/RECORD listing them all.
inline void write_zip(const std::filesystem::path& path, Members members, bool record = true,
                      const std::string& dist_info = "demo-1.0.dist-info")
{
  if (record) {
    std::string text;
    for (const auto& [name, member] : members) {
      text += name + "," + record_hash(member.content) + "," + std::to_string(member.content.size()) + "\n";
    }
    members[dist_info + "/RECORD"] = {text + dist_info + "/RECORD,,\n"};
  }
  std::unique_ptr<struct archive, int (*)(struct archive*)> zip(archive_write_new(), archive_write_free);
  ASSERT_EQ(archive_write_set_format_zip(zip.get()), ARCHIVE_OK);
  ASSERT_EQ(archive_write_open_filename(zip.get(), path.c_str()), ARCHIVE_OK);
  for (const auto& [name, member] : members) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(entry.get(), name.c_str());
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_perm(entry.get(), member.mode);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(member.content.size()));
    ASSERT_EQ(archive_write_header(zip.get(), entry.get()), ARCHIVE_OK);
    ASSERT_EQ(archive_write_data(zip.get(), member.content.data(), member.content.size()),
              static_cast<la_ssize_t>(member.content.size()));
  }
  ASSERT_EQ(archive_write_close(zip.get()), ARCHIVE_OK);
}

} // namespace pycontainer::test
