#include "util/walk.hpp"

#include "util/error.hpp"

#include "test_support.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace pycontainer::util {
namespace {

class WalkTest : public test::TempDirTest {};

TEST_F(WalkTest, ReportsEverythingBelowTheRootWithRelativePaths)
{
  write("a/b/c.txt", "x");
  write("a/d.txt", "yy");
  write("skipped/e.txt", "");
  std::filesystem::create_directory_symlink(dir() / "a", dir() / "link");
  std::vector<std::string> seen;
  walk_tree(dir(), [&](std::string_view relative, const struct stat& status) {
    seen.emplace_back(std::string(relative) + (S_ISDIR(status.st_mode) ? "/" : S_ISLNK(status.st_mode) ? "@" : ""));
    if (relative == "a/d.txt") {
      EXPECT_EQ(status.st_size, 2);
    }
    return relative == "skipped" ? Walk::skip : Walk::descend;
  });
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<std::string>{"a/", "a/b/", "a/b/c.txt", "a/d.txt", "link@", "skipped/"}));
}

TEST_F(WalkTest, AMissingRootIsAnIoError)
{
  EXPECT_THROW(walk_tree(dir() / "missing", [](std::string_view, const struct stat&) { return Walk::descend; }),
               IoError);
}

} // namespace
} // namespace pycontainer::util
