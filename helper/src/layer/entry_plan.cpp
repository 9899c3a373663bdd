#include "layer/entry_plan.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace pycontainer::layer {

namespace {

constexpr std::uint32_t k_permission_bits = 07777;
constexpr std::uint32_t k_directory_mode = 0755;
constexpr std::uint32_t k_executable_mode = 0755;
constexpr std::uint32_t k_file_mode = 0644;
constexpr std::uint32_t k_symlink_mode = 0777;
constexpr std::uint32_t k_any_exec_bit = 0111;

void check_path(const std::string& path)
{
  auto fail = [&path](std::string_view reason) {
    throw UsageError("invalid layer path \"" + path + "\": " + std::string(reason));
  };
  if (path.empty()) {
    fail("empty");
  }
  if (path.find('\0') != std::string::npos) {
    fail("contains a NUL byte");
  }
  if (path.front() == '/') {
    fail("must be relative (no leading '/')");
  }
  if (path.back() == '/') {
    fail("has a trailing '/'");
  }
  std::string_view rest = path;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    auto component = rest.substr(0, slash);
    if (component.empty() || component == "." || component == "..") {
      fail("empty, \".\" and \"..\" components are not allowed");
    }
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
}

void normalise(Entry& entry, const Options& options)
{
  entry.mode &= k_permission_bits;
  if (!options.fixed_mtime) {
    return;
  }
  entry.mtime = *options.fixed_mtime;
  switch (entry.type) {
  case EntryType::directory:
    entry.mode = k_directory_mode;
    break;
  case EntryType::regular:
    entry.mode = (entry.mode & k_any_exec_bit) != 0 ? k_executable_mode : k_file_mode;
    break;
  case EntryType::symlink:
    entry.mode = k_symlink_mode;
    break;
  }
}

bool by_path(const Entry& left, const Entry& right)
{
  // std::string compares as unsigned bytes: the byte order the tar is sorted by.
  return left.path < right.path;
}

} // namespace

std::vector<Entry> plan_entries(std::vector<Entry> entries, const Options& options)
{
  for (auto& entry : entries) {
    check_path(entry.path);
    if (entry.type == EntryType::symlink &&
        (entry.link_target.empty() || entry.link_target.find('\0') != std::string::npos)) {
      throw UsageError("invalid symlink target for layer path \"" + entry.path + "\": empty or with a NUL byte");
    }
    normalise(entry, options);
  }
  std::sort(entries.begin(), entries.end(), by_path);
  auto duplicate = std::adjacent_find(entries.begin(), entries.end(),
                                      [](const Entry& a, const Entry& b) { return a.path == b.path; });
  if (duplicate != entries.end()) {
    throw UsageError("two files for layer path \"" + duplicate->path + "\"");
  }

  std::unordered_map<std::string_view, EntryType> types;
  types.reserve(entries.size());
  for (const auto& entry : entries) {
    types.emplace(entry.path, entry.type);
  }
  std::vector<Entry> parents;
  for (const auto& entry : entries) {
    for (auto slash = entry.path.find('/'); slash != std::string::npos; slash = entry.path.find('/', slash + 1)) {
      std::string_view parent(entry.path.data(), slash);
      auto found = types.find(parent);
      if (found == types.end()) {
        Entry directory;
        directory.path = std::string(parent);
        directory.type = EntryType::directory;
        directory.mode = k_directory_mode;
        directory.mtime = options.fixed_mtime.value_or(0);
        parents.push_back(std::move(directory));
        // `parent` views into `entries`, which stays as it is until the loop ends.
        types.emplace(parent, EntryType::directory);
      } else if (found->second != EntryType::directory) {
        throw UsageError("layer path \"" + std::string(parent) + "\" is not a directory but \"" + entry.path +
                         "\" is inside it");
      }
    }
  }
  if (!parents.empty()) {
    std::sort(parents.begin(), parents.end(), by_path);
    auto middle = entries.insert(entries.end(), std::make_move_iterator(parents.begin()),
                                 std::make_move_iterator(parents.end()));
    std::inplace_merge(entries.begin(), middle, entries.end(), by_path);
  }
  return entries;
}

} // namespace pycontainer::layer
