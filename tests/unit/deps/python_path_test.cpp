#include "deps/python_path.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::deps {
namespace {

void add_file(FileView& view, const std::string& path, std::string content = "")
{
  view.add(path, {ViewNode::Kind::regular, "", 0, false, false});
  if (!content.empty()) {
    view.set_content(path, std::move(content));
  }
}

void add_directory(FileView& view, const std::string& path)
{
  view.add(path, {ViewNode::Kind::directory, "", 0, false, false});
}

void add_link(FileView& view, const std::string& path, std::string target)
{
  view.add(path, {ViewNode::Kind::symlink, std::move(target), 0, false, false});
}

// Debian's python3 (bookworm): /usr/bin/python3 -> python3.11, dist-packages.
FileView debian_python()
{
  FileView view;
  add_link(view, "/bin", "usr/bin"); // merged /usr
  add_link(view, "/usr/bin/python3", "python3.11");
  add_file(view, "/usr/bin/python3.11");
  add_file(view, "/usr/lib/python3.11/os.py");
  add_file(view, "/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so");
  add_directory(view, "/usr/lib/python3/dist-packages");
  add_directory(view, "/app/native");
  return view;
}

std::vector<std::string> paths(const ImagePython& python)
{
  std::vector<std::string> result;
  for (const auto& entry : python.sys_path) {
    result.push_back(entry.path + (entry.exists ? "" : " (missing)"));
  }
  return result;
}

TEST(PythonPath, DebiansPythonSearchesTheWorkingDirectoryPythonpathTheStandardLibraryAndDistPackages)
{
  auto python = find_image_python(debian_python(), {std::nullopt, "/app/native:lib:", "/app", false});
  EXPECT_EQ(python.executable, "/usr/bin/python3") << "Docker's default PATH, /usr/local/bin having none";
  EXPECT_EQ(python.prefix, "/usr");
  EXPECT_EQ(python.version, "3.11");
  EXPECT_TRUE(python.venv.empty());
  EXPECT_EQ(paths(python), (std::vector<std::string>{"/app", "/app/native", "/app/lib (missing)", "/usr/lib/python3.11",
                                                      "/usr/lib/python3.11/lib-dynload",
                                                      "/usr/local/lib/python3.11/dist-packages (missing)",
                                                      "/usr/lib/python3/dist-packages",
                                                      "/usr/lib/python3.11/dist-packages (missing)"}));
  EXPECT_EQ(python.sys_path[1].origin, "PYTHONPATH");
  EXPECT_EQ(python.extension_suffixes,
            (std::vector<std::string>{".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"}));
}

TEST(PythonPath, PythonsafepathLeavesTheWorkingDirectoryOut)
{
  auto python = find_image_python(debian_python(), {std::nullopt, "", "/app", true});
  EXPECT_EQ(python.sys_path.front().path, "/usr/lib/python3.11");
}

TEST(PythonPath, AVenvOnPathHasItsSitePackagesAndWhatItsPthFilesNameButNotTheSystems)
{
  FileView view;
  add_link(view, "/app/.venv/bin/python3", "/usr/local/bin/python3");
  add_file(view, "/app/.venv/pyvenv.cfg", "home = /usr/local/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n");
  add_link(view, "/usr/local/bin/python3", "python3.12");
  add_file(view, "/usr/local/bin/python3.12");
  add_file(view, "/usr/local/lib/python3.12/os.py");
  add_directory(view, "/usr/local/lib/python3.12/site-packages");
  std::string site = "/app/.venv/lib/python3.12/site-packages";
  add_file(view, site + "/b.pth", "# a comment\nimport sys; sys.flags\n../../../../src\nnot_there\n/opt/plugins\n");
  add_file(view, site + "/a.pth", "/opt/first\n");
  add_directory(view, "/app/src");
  add_directory(view, "/opt/plugins");
  add_directory(view, "/opt/first");
  auto python = find_image_python(view, {"/app/.venv/bin:/usr/local/bin:/usr/bin", "", "/app", false});
  EXPECT_EQ(python.executable, "/app/.venv/bin/python3");
  EXPECT_EQ(python.venv, "/app/.venv");
  EXPECT_EQ(python.prefix, "/usr/local");
  EXPECT_EQ(python.version, "3.12");
  EXPECT_EQ(paths(python), (std::vector<std::string>{"/app", "/usr/local/lib/python3.12",
                                                      "/usr/local/lib/python3.12/lib-dynload (missing)", site,
                                                      "/opt/first", "/app/src", "/opt/plugins"}));
  EXPECT_EQ(python.sys_path[5].origin, site + "/b.pth");
  // No lib-dynload module tells the platform tag: any is taken.
  EXPECT_EQ(python.extension_suffixes.front(), ".cpython-312-*.so");

  add_file(view, "/app/.venv/pyvenv.cfg", "home = /usr/local/bin\ninclude-system-site-packages = True\n");
  python = find_image_python(view, {"/app/.venv/bin:/usr/local/bin:/usr/bin", "", "/app", false});
  EXPECT_EQ(python.sys_path.back().path, "/usr/local/lib/python3.12/site-packages");
}

TEST(PythonPath, NoPythonOnPathOrNoStandardLibraryIsAnErrorSayingWhere)
{
  FileView view;
  add_file(view, "/usr/bin/python3");
  try {
    find_image_python(view, {"/opt/bin", "", "", false});
    FAIL() << "no python3 on PATH";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("no python3 on its PATH (/opt/bin)"), std::string::npos) << error.what();
  }
  try {
    find_image_python(view, {std::nullopt, "", "", false});
    FAIL() << "no standard library";
  } catch (const UsageError& error) {
    EXPECT_NE(std::string(error.what()).find("no lib/python3.X/os.py above /usr/bin"), std::string::npos) << error.what();
  }
}

} // namespace
} // namespace pycontainer::deps
