#include "python/context_files.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/time.h>

namespace pycontainer::python {
namespace {

namespace fs = std::filesystem;

class ContextFilesTest : public test::TempDirTest {
protected:
  std::vector<std::string> paths(const FileSelection& selection = {})
  {
    std::vector<std::string> result;
    for (const auto& entry : collect_context_files(dir(), selection).entries) {
      result.push_back(entry.path);
    }
    return result;
  }

  const layer::Entry& find(const std::vector<layer::Entry>& entries, const std::string& path)
  {
    for (const auto& entry : entries) {
      if (entry.path == path) {
        return entry;
      }
    }
    throw std::runtime_error("no entry " + path);
  }

  std::string usage_error(const FileSelection& selection = {})
  {
    try {
      collect_context_files(dir(), selection);
    } catch (const UsageError& error) {
      return error.what();
    }
    ADD_FAILURE() << "expected UsageError";
    return "";
  }

  using Paths = std::vector<std::string>;
};

TEST_F(ContextFilesTest, DefaultExcludes)
{
  write("main.py", "");
  write("notes.txt", "");
  write("pkg/__init__.py", "");
  write("pkg/mod.pyc", "");
  write("pkg/mod.pyo", "");
  write("pkg/__pycache__/mod.cpython-312.pyc", "");
  write(".git/HEAD", "ref: refs/heads/main\n");
  write("vendor/.git", "gitdir: ../.git/modules/vendor\n");
  write("myenv/pyvenv.cfg", "home = /usr/bin\n");
  write("myenv/lib/python3.12/site-packages/x.py", "");
  write(".venv/pyvenv.cfg", "");
  write("dist/hello-1.0-py3-none-any.whl", "");
  write("build/lib/hello.py", "");
  write("src/build/__init__.py", ""); // only the top-level build/ is an output
  write(".env", "SECRET=1\n");
  write(".env.production", "SECRET=2\n");
  write("config/.env", "SECRET=3\n");
  write(".envrc", "use flake\n");
  // A directory left empty by the excludes stays, as an empty directory would.
  EXPECT_EQ(paths(), (Paths{".envrc", "config", "main.py", "notes.txt", "pkg", "pkg/__init__.py", "src", "src/build",
                            "src/build/__init__.py", "vendor"}));
}

TEST_F(ContextFilesTest, ExcludedDirectoriesAreNotEntered)
{
  // A walk into either directory would reject the escaping link.
  write(".dockerignore", "node_modules\n");
  write("app.py", "");
  fs::create_directories(dir() / "node_modules/pkg");
  fs::create_symlink("/etc/passwd", dir() / "node_modules/pkg/evil");
  write("env2/pyvenv.cfg", "");
  fs::create_symlink("../../etc/passwd", dir() / "env2/evil");
  EXPECT_EQ(paths(), (Paths{".dockerignore", "app.py"}));
}

TEST_F(ContextFilesTest, IgnoreFilesBothApply)
{
  write(".dockerignore", "*.md\n!README.md\n./data\n");
  write(".pycontainerignore", "# tests stay out\ntests/\n");
  write("README.md", "");
  write("CHANGES.md", "");
  write("app.py", "");
  write("data/a.csv", "");
  write("sub/data/b.csv", "");
  write("sub/guide.md", "");
  write("tests/test_app.py", "");
  EXPECT_EQ(paths(),
            (Paths{".dockerignore", ".pycontainerignore", "README.md", "app.py", "sub", "sub/data", "sub/data/b.csv"}));
}

TEST_F(ContextFilesTest, NegationReachesIntoIgnoredDirectory)
{
  write(".pycontainerignore", "docs/\n!docs/api/index.md\n");
  write("docs/api/index.md", "");
  write("docs/api/other.md", "");
  write("docs/guide/intro.md", "");
  fs::create_directories(dir() / "empty");
  EXPECT_EQ(paths(), (Paths{".pycontainerignore", "docs", "docs/api", "docs/api/index.md", "empty"}));
}

TEST_F(ContextFilesTest, ExcludeGlobs)
{
  write("app.py", "");
  write("data/big.csv", "");
  write("data/schema.json", "");
  write("docs/index.md", "");
  write(".dockerignore", "!*.csv\n"); // --exclude comes last and wins
  FileSelection selection;
  selection.exclude = {"*.csv", "docs/"};
  EXPECT_EQ(paths(selection), (Paths{".dockerignore", "app.py", "data", "data/schema.json"}));
}

TEST_F(ContextFilesTest, IncludeRestrictsSelection)
{
  write("run.py", "");
  write("other.py", "");
  write("src/pkg/a.py", "");
  write("src/pkg/b.txt", "");
  write("src/pkg/__pycache__/a.cpython-312.pyc", "");
  write("src/extra/c.py", "");
  write(".dockerignore", "src/pkg/a.py\n"); // an explicit --include list is not narrowed by ignore files
  FileSelection selection;
  selection.include = {"./src/pkg/", "run.py"};
  selection.exclude = {"*.txt"};
  EXPECT_EQ(paths(selection), (Paths{"run.py", "src", "src/pkg", "src/pkg/a.py"}));

  write(".env", "SECRET=1\n");
  selection.include = {".env", "run.py"}; // the default excludes still apply (with a warning)
  EXPECT_EQ(paths(selection), (Paths{"run.py"}));

  selection.include = {"src"};
  selection.exclude = {};
  EXPECT_EQ(paths(selection),
            (Paths{"src", "src/extra", "src/extra/c.py", "src/pkg", "src/pkg/a.py", "src/pkg/b.txt"}));
}

TEST_F(ContextFilesTest, MissingIncludeIsUsageError)
{
  write("app.py", "");
  FileSelection selection;
  selection.include = {"app.py", "nope"};
  EXPECT_EQ(usage_error(selection), "--include path 'nope' does not exist in the context " + dir().string());
  selection.include = {"../outside"};
  EXPECT_EQ(usage_error(selection), "--include path '../outside' is outside the context " + dir().string());
}

TEST_F(ContextFilesTest, SymlinksInsideAreKeptAsSymlinks)
{
  write("releases/v1/app.py", "");
  write("main.py", "");
  fs::create_directories(dir() / "lib");
  fs::create_symlink("releases/v1", dir() / "current");
  fs::create_symlink("../main.py", dir() / "lib/main_link.py");
  fs::create_symlink("missing.py", dir() / "lib/dangling.py");
  auto entries = collect_context_files(dir(), {}).entries;
  std::vector<std::string> listed;
  for (const auto& entry : entries) {
    listed.push_back(entry.path);
  }
  EXPECT_EQ(listed, (Paths{"current", "lib", "lib/dangling.py", "lib/main_link.py", "main.py", "releases",
                           "releases/v1", "releases/v1/app.py"}));
  const auto& current = find(entries, "current");
  EXPECT_EQ(current.type, layer::EntryType::symlink);
  EXPECT_EQ(current.link_target, "releases/v1");
  const auto& link = find(entries, "lib/main_link.py");
  EXPECT_EQ(link.type, layer::EntryType::symlink);
  EXPECT_EQ(link.link_target, "../main.py");
  EXPECT_EQ(find(entries, "lib/dangling.py").link_target, "missing.py");
}

TEST_F(ContextFilesTest, SymlinkOutsideIsUsageError)
{
  write("a/ok.py", "");
  fs::create_symlink("../../etc/passwd", dir() / "a/b");
  EXPECT_EQ(usage_error(), "symlink 'a/b' points outside the context: '../../etc/passwd' (copy the file into the "
                           "context or remove the link)");

  fs::remove(dir() / "a/b");
  fs::create_symlink("/etc/passwd", dir() / "a/abs");
  EXPECT_EQ(usage_error(), "symlink 'a/abs' points outside the context: '/etc/passwd' (copy the file into the "
                           "context or remove the link)");

  fs::remove(dir() / "a/abs");
  fs::create_symlink(dir() / "a/ok.py", dir() / "a/abs_inside");
  EXPECT_NE(usage_error().find("symlink 'a/abs_inside' has the absolute target"), std::string::npos);
}

TEST_F(ContextFilesTest, SymlinkThroughAnIgnoredLinkIsChecked)
{
  // "etc_link" leads out but is ignored; "passwd" stays inside on paper and leads out through it.
  write(".dockerignore", "etc_link\n");
  fs::create_symlink("/etc", dir() / "etc_link");
  fs::create_symlink("etc_link/passwd", dir() / "passwd");
  EXPECT_EQ(usage_error(), "symlink 'passwd' points outside the context: 'etc_link/passwd' (copy the file into the "
                           "context or remove the link)");
}

TEST_F(ContextFilesTest, EntriesCarryMetadataSortedByPath)
{
  auto file = write("tool/run.sh", "#!/bin/sh\n");
  write("tool.py", "");
  write("a-b.py", "");
  ASSERT_EQ(::chmod(file.c_str(), 0750), 0);
  struct timeval times[2] = {{1700000000, 0}, {1700000000, 0}};
  ASSERT_EQ(::utimes(file.c_str(), times), 0);
  auto entries = collect_context_files(dir(), {}).entries;
  std::vector<std::string> listed;
  for (const auto& entry : entries) {
    listed.push_back(entry.path);
  }
  EXPECT_EQ(listed, (Paths{"a-b.py", "tool", "tool.py", "tool/run.sh"}));
  const auto& run = find(entries, "tool/run.sh");
  EXPECT_EQ(run.type, layer::EntryType::regular);
  EXPECT_EQ(run.source, (dir() / "tool/run.sh").string());
  EXPECT_EQ(run.mode, 0750u);
  EXPECT_EQ(run.mtime, 1700000000);
  EXPECT_EQ(find(entries, "tool").type, layer::EntryType::directory);
}

TEST_F(ContextFilesTest, SpecialFilesAreSkipped)
{
  write("app.py", "");
  ASSERT_EQ(::mkfifo((dir() / "pipe").c_str(), 0600), 0);
  EXPECT_EQ(paths(), (Paths{"app.py"}));
}

TEST_F(ContextFilesTest, ImageLayoutsAndBuildTreesAreLeftOutWhateverTheirNames)
{
  write("app.py", "");
  write("out/dev/CMakeCache.txt", "");
  write("out/dev/image/oci-layout", "{}");
  write("_build/CMakeCache.txt", "");
  write("_build/lib.so", "");
  write("images/a/oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
  write("images/a/index.json", "{}");
  write("images/a/blobs/sha256/00", "");
  write("images/notes.txt", "");
  write("builddir/meson-info/meson-info.json", "{}");
  write("builddir/build.ninja", "");
  write("ninja-out/build.ninja", "");
  write("ninja-out/ext.so", "");
  auto files = collect_context_files(dir(), {});
  std::vector<std::string> listed;
  for (const auto& entry : files.entries) {
    listed.push_back(entry.path);
  }
  // out/ held build output only: it goes too, so that the image is the same before and after a build.
  EXPECT_EQ(listed, (Paths{"app.py", "images", "images/notes.txt"}));
  std::vector<std::string> left_out;
  for (const auto& item : files.left_out) {
    left_out.push_back(item.path + " (" + item.what + ")");
  }
  EXPECT_EQ(left_out, (Paths{"_build (a CMake build tree)", "builddir (a Meson build tree)",
                             "images/a (an OCI image layout)", "ninja-out (a Ninja build tree)",
                             "out/dev (a CMake build tree)"}));
}

TEST_F(ContextFilesTest, BuildOutputsInsideTheContextAreLeftOut)
{
  write("ctx/app.py", "");
  write("ctx/out/image/blobs/sha256/partial", ""); // no oci-layout yet: a first build's output
  write("ctx/cache/layers/entry", "");
  write("ctx/other/kept.txt", "");
  fs::create_directory_symlink("ctx", dir() / "link");
  auto context = dir() / "link"; // the outputs are named by the real path, the context through a link
  FileSelection selection;
  selection.outputs = {{dir() / "ctx/out/image", "the output layout"},
                       {context / "cache/", "the cache directory"},
                       {dir() / "elsewhere", "outside"},
                       {dir() / "ctx", "the context itself"}};
  auto files = collect_context_files(context, selection);
  std::vector<std::string> listed;
  for (const auto& entry : files.entries) {
    listed.push_back(entry.path);
  }
  EXPECT_EQ(listed, (Paths{"app.py", "other", "other/kept.txt"}));
  ASSERT_EQ(files.left_out.size(), 2u);
  EXPECT_EQ(files.left_out[0].path, "cache");
  EXPECT_EQ(files.left_out[0].what, "the cache directory");
  EXPECT_EQ(files.left_out[1].path, "out/image");
  EXPECT_EQ(files.left_out[1].what, "the output layout");
}

TEST_F(ContextFilesTest, MissingContextIsUsageError)
{
  auto missing = dir() / "nowhere";
  try {
    collect_context_files(missing, {});
    FAIL() << "expected UsageError";
  } catch (const UsageError& error) {
    EXPECT_EQ(std::string(error.what()), "context directory '" + missing.string() + "' does not exist");
  }
}

} // namespace
} // namespace pycontainer::python
