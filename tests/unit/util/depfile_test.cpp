#include "util/depfile.hpp"
#include "util/file.hpp"

#include "test_support.hpp"

namespace pycontainer::util {
namespace {

using DepfileTest = test::TempDirTest;

TEST_F(DepfileTest, TheTargetIsWrittenAsGivenAndTheDependenciesAbsolute)
{
  // Ninja matches the target with its build statement's output, which a hand-written build.ninja or
  // Meson names relative to the build directory.
  write_depfile(dir() / "image.d", "image/./index.json", {dir() / "app" / ".." / "app" / "main.py", "rel.py"});
  EXPECT_EQ(read_file(dir() / "image.d"), "image/index.json: \\\n  " + (dir() / "app/main.py").string() + " \\\n  " +
                                              (std::filesystem::current_path() / "rel.py").string() + "\n");
}

TEST_F(DepfileTest, SpacesHashesAndDollarsAreEscaped)
{
  EXPECT_EQ(escape_depfile_path("/a b/#c/$d"), "/a\\ b/\\#c/$$d");
}

} // namespace
} // namespace pycontainer::util
