#include "layer/entry_plan.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

#include <map>

namespace pycontainer::layer {
namespace {

Entry file(std::string path, std::uint32_t mode = 0644, std::int64_t mtime = 5)
{
  return {std::move(path), EntryType::regular, "/src", "", mode, mtime};
}

Entry directory(std::string path, std::uint32_t mode = 0700, std::int64_t mtime = 5)
{
  return {std::move(path), EntryType::directory, "", "", mode, mtime};
}

Entry symlink(std::string path, std::string target)
{
  return {std::move(path), EntryType::symlink, "", std::move(target), 0755, 5};
}

std::vector<std::string> paths(const std::vector<Entry>& entries)
{
  std::vector<std::string> result;
  for (const auto& entry : entries) {
    result.push_back(entry.path);
  }
  return result;
}

Options reproducible()
{
  Options options;
  options.fixed_mtime = 42;
  return options;
}

TEST(LayerEntryPlanTest, SortsByBytesAndAddsMissingParents)
{
  auto planned = plan_entries({file("b/z.py"), file("a.txt"), file("a/b/c.py"), directory("b"),
                               file("a/\xc3\xa9.py"), file("a/Z.py")},
                              reproducible());
  // '.' (0x2e) < '/' (0x2f); 'Z' < 'b' < 0xc3 (bytes compare unsigned).
  EXPECT_EQ(paths(planned),
            (std::vector<std::string>{"a", "a.txt", "a/Z.py", "a/b", "a/b/c.py", "a/\xc3\xa9.py", "b", "b/z.py"}));
  EXPECT_EQ(planned[0].type, EntryType::directory);
  EXPECT_EQ(planned[0].mode, 0755u);
  EXPECT_EQ(planned[0].mtime, 42);
  EXPECT_EQ(planned[3].type, EntryType::directory);
}

TEST(LayerEntryPlanTest, AddedParentsGetMtimeZeroWithoutFixedMtime)
{
  auto planned = plan_entries({file("pkg/mod.py", 0600, 77)}, Options{});
  ASSERT_EQ(planned.size(), 2u);
  EXPECT_EQ(planned[0].path, "pkg");
  EXPECT_EQ(planned[0].mode, 0755u);
  EXPECT_EQ(planned[0].mtime, 0);
  EXPECT_EQ(planned[1].mode, 0600u);
  EXPECT_EQ(planned[1].mtime, 77);
}

TEST(LayerEntryPlanTest, NormalisesModesAndMtimesWhenReproducible)
{
  auto planned = plan_entries({file("plain", 0600), file("group_exec", 0610), file("setuid", 04755),
                               directory("dir", 0700), symlink("link", "plain")},
                              reproducible());
  std::map<std::string, std::uint32_t> modes;
  for (const auto& entry : planned) {
    modes[entry.path] = entry.mode;
    EXPECT_EQ(entry.mtime, 42);
  }
  EXPECT_EQ(modes, (std::map<std::string, std::uint32_t>{
                     {"dir", 0755}, {"group_exec", 0755}, {"link", 0777}, {"plain", 0644}, {"setuid", 0755}}));
}

TEST(LayerEntryPlanTest, KeepsPermissionBitsOnlyWithoutFixedMtime)
{
  auto planned = plan_entries({file("x", 0100755)}, Options{});
  EXPECT_EQ(planned[0].mode, 0755u);
  EXPECT_EQ(planned[0].mtime, 5);
}

TEST(LayerEntryPlanTest, DuplicatePathNamesIt)
{
  try {
    plan_entries({file("app/x.py"), directory("app"), file("app/x.py")}, reproducible());
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("\"app/x.py\""), std::string::npos) << error.message();
  }
}

TEST(LayerEntryPlanTest, EntryInsideAFileIsAUsageError)
{
  EXPECT_THROW(plan_entries({file("app"), file("app/x.py")}, reproducible()), UsageError);
  EXPECT_THROW(plan_entries({symlink("app", "/opt"), file("app/x.py")}, reproducible()), UsageError);
}

TEST(LayerEntryPlanTest, InvalidPathsAreUsageErrors)
{
  for (const std::string& path : std::vector<std::string>{"", "/abs", "dir/", "a//b", "./a", "a/./b", "a/../b", "..",
                                                            std::string("a\0b", 3)}) {
    SCOPED_TRACE(path);
    EXPECT_THROW(plan_entries({file(path)}, reproducible()), UsageError);
  }
}

} // namespace
} // namespace pycontainer::layer
