#include "project/plan.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <algorithm>

namespace pycontainer::project {
namespace {

class FilesLayerTest : public test::TempDirTest {
protected:
  std::filesystem::path link(const std::string& relative, const std::string& target) const
  {
    auto path = dir() / relative;
    std::filesystem::create_directories(path.parent_path());
    std::filesystem::create_symlink(target, path);
    return path;
  }

  static const layer::Entry& entry(const LayerPlan& plan, const std::string& path)
  {
    auto found = std::find_if(plan.entries.begin(), plan.entries.end(), [&](const auto& e) { return e.path == path; });
    if (found == plan.entries.end()) {
      throw std::runtime_error("no entry " + path);
    }
    return *found;
  }

  static std::string error_of(const FileGroup& group)
  {
    try {
      plan_files_layer(group);
    } catch (const UsageError& error) {
      return error.what();
    }
    return "";
  }
};

TEST_F(FilesLayerTest, ALinkToAFileOfTheSameGroupStaysALink)
{
  auto library = write("build/libgeom.so.1.0", "ELF");
  auto soname = link("build/libgeom.so.1", "libgeom.so.1.0");
  auto plan = plan_files_layer({"files-0", {soname, library}, "/app/lib"});
  EXPECT_EQ(entry(plan, "app/lib/libgeom.so.1").type, layer::EntryType::symlink);
  EXPECT_EQ(entry(plan, "app/lib/libgeom.so.1").link_target, "libgeom.so.1.0");
  EXPECT_EQ(entry(plan, "app/lib/libgeom.so.1.0").type, layer::EntryType::regular);
  EXPECT_EQ(plan.file_count, 1u);
}

TEST_F(FilesLayerTest, ALinkInsideANamedDirectoryMayPointWithinIt)
{
  write("out/pkg/data/real.txt", "x");
  link("out/pkg/current.txt", "data/real.txt");
  auto plan = plan_files_layer({"files-0", {dir() / "out/pkg"}, "/opt"});
  EXPECT_EQ(entry(plan, "opt/pkg/current.txt").link_target, "data/real.txt");
}

TEST_F(FilesLayerTest, ALinkWhoseTargetIsLeftBehindIsAnErrorNamingIt)
{
  write("build/libgeom.so.1.0", "ELF");
  auto soname = link("build/libgeom.so.1", "libgeom.so.1.0");
  auto message = error_of({"files-0", {soname}, "/app/lib"});
  EXPECT_NE(message.find("file '" + soname.string() + "' of layer \"files-0\" is a symlink to 'libgeom.so.1.0'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("--dereference"), std::string::npos) << message;
}

TEST_F(FilesLayerTest, ALinkToTheSameFileAtAnotherPlaceInTheImageIsAnError)
{
  // Both are named, but flattened into /app the link's relative target no longer reaches the file.
  auto library = write("build/lib/libgeom.so.1.0", "ELF");
  auto soname = link("build/libgeom.so.1", "lib/libgeom.so.1.0");
  EXPECT_NE(error_of({"files-0", {soname, library}, "/app"}).find("does not pack beside it"), std::string::npos);
}

TEST_F(FilesLayerTest, AnAbsoluteLinkIsAnError)
{
  auto library = write("bazel-out/ext.so", "ELF");
  auto input = link("sandbox/ext.so", library.string());
  EXPECT_NE(error_of({"files-0", {input}, "/app"}).find("an absolute path"), std::string::npos);
}

TEST_F(FilesLayerTest, DereferencePacksWhatLinksPointTo)
{
  auto library = write("bazel-out/ext.so", "ELF file");
  write("bazel-out/pkg/mod.py", "print(1)");
  auto input = link("sandbox/ext.so", library.string());
  auto package = link("sandbox/pkg", (dir() / "bazel-out/pkg").string());
  FileGroup group{"files-0", {input, package}, "/app", true};
  auto plan = plan_files_layer(group);
  EXPECT_EQ(entry(plan, "app/ext.so").type, layer::EntryType::regular);
  EXPECT_EQ(entry(plan, "app/ext.so").size, 8u);
  EXPECT_EQ(entry(plan, "app/pkg").type, layer::EntryType::directory);
  EXPECT_EQ(entry(plan, "app/pkg/mod.py").type, layer::EntryType::regular);
  EXPECT_EQ(plan.file_count, 2u);
}

TEST_F(FilesLayerTest, DereferenceRefusesALoop)
{
  write("tree/a.txt", "a");
  link("tree/again", ".");
  FileGroup group{"files-0", {dir() / "tree"}, "/app", true};
  EXPECT_NE(error_of(group).find("a loop"), std::string::npos);
}

} // namespace
} // namespace pycontainer::project
