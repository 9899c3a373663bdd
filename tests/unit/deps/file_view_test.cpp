#include "deps/file_view.hpp"

#include <gtest/gtest.h>

namespace pycontainer::deps {
namespace {

ViewNode directory()
{
  return {ViewNode::Kind::directory, "", 0, false, false};
}

ViewNode file()
{
  return {ViewNode::Kind::regular, "", 62, true, false};
}

ViewNode link(std::string target)
{
  return {ViewNode::Kind::symlink, std::move(target), 0, false, false};
}

TEST(FileView, FollowsAbsoluteLinksFromTheImageRootAndRelativeOnesFromTheirDirectory)
{
  FileView view;
  view.add("/lib", link("usr/lib")); // merged /usr
  view.add("/usr/lib", directory());
  view.add("/usr/lib/libz.so.1.2.13", file());
  view.add("/usr/lib/libz.so.1", link("libz.so.1.2.13"));
  view.add("/opt/z", link("/lib/libz.so.1"));
  auto found = view.resolve("/opt/z");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->first, "/usr/lib/libz.so.1.2.13");
  EXPECT_EQ(found->second->kind, ViewNode::Kind::regular);
  ASSERT_TRUE(view.resolve("/lib/../lib/libz.so.1").has_value());
  EXPECT_FALSE(view.resolve("/lib/libz.so.2").has_value());
  EXPECT_FALSE(view.resolve("/usr/lib/libz.so.1/x").has_value()); // a file is no directory
}

TEST(FileView, ListsTheNamesInADirectoryThroughLinksOnceEach)
{
  FileView view;
  view.add("/lib", link("usr/lib"));
  view.add("/usr/lib/a", directory());
  view.add("/usr/lib/a.b", file());
  view.add("/usr/lib/a/x", file());
  view.add("/usr/lib/a/y/z", file());
  view.add("/usr/lib/b/c", file()); // b only implied
  view.add("/usr/libx", file());
  EXPECT_EQ(view.list("/lib"), (std::vector<std::string>{"a", "a.b", "b"}));
  EXPECT_EQ(view.list("/lib/a"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(view.list("/"), (std::vector<std::string>{"lib", "usr"}));
  EXPECT_TRUE(view.list("/usr/lib/a.b").empty());
  EXPECT_TRUE(view.list("/nowhere").empty());
}

TEST(FileView, DirectoriesAreImpliedByWhatIsBelowThem)
{
  FileView view;
  view.add("/usr/local/lib/libx.so", file());
  auto found = view.resolve("/usr/local");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->second->kind, ViewNode::Kind::directory);
  EXPECT_FALSE(view.resolve("/usr/loc").has_value());
  EXPECT_EQ(view.resolve("/")->first, "/");
}

TEST(FileView, LinksThatLoopAreNotFound)
{
  FileView view;
  view.add("/a", link("b"));
  view.add("/b", link("/a"));
  EXPECT_FALSE(view.resolve("/a").has_value());
}

TEST(FileView, WhiteoutsRemoveAPathAndWhatIsBelowItOrEmptyADirectory)
{
  FileView view;
  view.add("/etc/ld.so.conf.d", directory());
  view.add("/etc/ld.so.conf.d/a.conf", file());
  view.set_content("/etc/ld.so.conf.d/a.conf", "/opt/a\n");
  view.add("/etc/ld.so.conf.d/b.conf", file());
  view.empty("/etc/ld.so.conf.d");
  EXPECT_NE(view.find("/etc/ld.so.conf.d"), nullptr);
  EXPECT_EQ(view.find("/etc/ld.so.conf.d/b.conf"), nullptr);
  EXPECT_FALSE(view.content("/etc/ld.so.conf.d/a.conf").has_value());
  view.add("/usr/lib/x", file());
  view.remove("/usr");
  EXPECT_TRUE(view.nodes().size() == 1 && view.nodes().begin()->first == "/etc/ld.so.conf.d");
}

TEST(FileView, KeepsTheContentOfTheLoadersConfiguration)
{
  EXPECT_TRUE(is_loader_configuration("/etc/ld.so.conf"));
  EXPECT_TRUE(is_loader_configuration("/etc/ld.so.conf.d/libc.conf"));
  EXPECT_TRUE(is_loader_configuration("/etc/ld-musl-x86_64.path"));
  EXPECT_FALSE(is_loader_configuration("/etc/os-release"));
}

} // namespace
} // namespace pycontainer::deps
