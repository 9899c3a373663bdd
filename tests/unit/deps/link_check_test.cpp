#include "deps/link_check.hpp"

#include "link_objects.hpp"

#include <gtest/gtest.h>

namespace pycontainer::deps {
namespace {

using test::k_x86_64;

LinkObject object(std::string path, std::vector<std::string> needed, std::optional<std::string> rpath = {},
                  std::optional<std::string> runpath = {})
{
  auto result = test::link_object(std::move(path), std::move(rpath), std::move(runpath));
  result.elf.needed = std::move(needed);
  result.about = "from somewhere";
  return result;
}

FileView view_of(const std::vector<LinkObject>& objects)
{
  FileView view;
  view.add("/usr/lib/x86_64-linux-gnu/libc.so.6", {ViewNode::Kind::regular, "", k_x86_64, true, false});
  for (const auto& item : objects) {
    view.add(item.path, {ViewNode::Kind::regular, "", k_x86_64, true, true});
  }
  return view;
}

TEST(LinkCheck, LibrariesOfOurLayersAreCheckedInTurnAndTheBasesTrusted)
{
  std::vector<LinkObject> objects{object("/app/ext.so", {"libgeom.so.1", "libc.so.6"}, {}, "$ORIGIN/lib"),
                                  object("/app/lib/libgeom.so.1", {"libm.so.6", "libc.so.6"})};
  auto missing = find_missing_libraries(view_of(objects), objects, {});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].search.name, "libm.so.6");
  EXPECT_EQ(missing[0].needed_by, &objects[1]);
}

TEST(LinkCheck, ALibraryFoundThroughItsLoadersRpathIsNotMissing)
{
  // libgeom alone would not find libbase, but it is loaded by ext.so, whose DT_RPATH it inherits.
  std::vector<LinkObject> objects{object("/app/ext.so", {"libgeom.so.1"}, "$ORIGIN/lib:$ORIGIN/base"),
                                  object("/app/lib/libgeom.so.1", {"libbase.so"}),
                                  object("/app/base/libbase.so", {})};
  EXPECT_TRUE(find_missing_libraries(view_of(objects), objects, {}).empty());
  objects[0].elf.runpath = objects[0].elf.rpath; // a DT_RUNPATH is not passed on
  objects[0].elf.rpath.reset();
  auto missing = find_missing_libraries(view_of(objects), objects, {});
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].search.name, "libbase.so");
}

TEST(LinkCheck, TheMessageNamesTheLibraryTheFileTheSearchABuildTreeAndTheFixes)
{
  std::vector<LinkObject> objects{object("/app/ext.so", {"libgeom.so.1", "libstdc++.so.6"}, {}, "/work/b/build/geom")};
  auto missing = find_missing_libraries(view_of(objects), objects, {});
  ASSERT_EQ(missing.size(), 2u);
  auto message = describe_missing_libraries(missing);
  for (const auto* part :
       {"would not find libgeom.so.1, needed by /app/ext.so (from somewhere)",
        "/work/b/build/geom (DT_RUNPATH of /app/ext.so)", "/usr/lib (system directory)",
        "the DT_RUNPATH of /app/ext.so names /work/b/build/geom, which the image does not have", "$ORIGIN",
        "--files", "link it statically", "pick a base image that has it", "--allow-missing-libraries",
        "also missing: libstdc++.so.6 (needed by /app/ext.so)"}) {
    EXPECT_NE(message.find(part), std::string::npos) << part << " in " << message;
  }
}

} // namespace
} // namespace pycontainer::deps
