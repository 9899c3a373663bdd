#include "python/project_layout.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::python {
namespace {

class ProjectLayoutTest : public test::TempDirTest {
protected:
  PyProject project(const std::string& name)
  {
    PyProject result;
    result.name = name;
    return result;
  }
};

TEST_F(ProjectLayoutTest, SrcLayout)
{
  write("src/hello/__init__.py", "");
  write("src/hello/cli.py", "");
  write("src/other/__init__.py", "");
  write("src/tests/__init__.py", "");
  write("src/notes/readme.txt", ""); // no __init__.py: no package
  write("tests/test_cli.py", "");
  auto layout = detect_layout(dir(), nullptr);
  EXPECT_EQ(layout.kind, LayoutKind::src);
  EXPECT_EQ(layout.python_path, std::vector<std::string>{"src"});
  EXPECT_EQ(layout.packages, (std::vector<std::string>{"hello", "other"}));
  EXPECT_STREQ(to_string(layout.kind), "src");
}

TEST_F(ProjectLayoutTest, ANamespacePackageUnderSrcIsASrcLayout)
{
  // PEP 420: acme/ has no __init__.py (setuptools' find_namespace:, several distributions share acme).
  write("src/acme/greet/__init__.py", "");
  write("src/acme/greet/cli.py", "");
  write("src/notes/readme.txt", "");
  auto layout = detect_layout(dir(), nullptr);
  EXPECT_EQ(layout.kind, LayoutKind::src);
  EXPECT_EQ(layout.python_path, std::vector<std::string>{"src"});
  EXPECT_EQ(layout.packages, std::vector<std::string>{"acme"});
}

TEST_F(ProjectLayoutTest, FlatPackageSkipsToolingDirectories)
{
  write("my_app/__init__.py", "");
  write("my_app/core.py", "");
  for (const char* skipped : {"tests", "docs", "build", "dist", ".hidden", "__pycache__", "my-dir"}) {
    write(std::string(skipped) + "/__init__.py", "");
  }
  write("myenv/pyvenv.cfg", "home = /usr/bin\n");
  write("myenv/__init__.py", "");
  auto p = project("my-app");
  auto layout = detect_layout(dir(), &p);
  EXPECT_EQ(layout.kind, LayoutKind::flat_package);
  EXPECT_TRUE(layout.python_path.empty());
  EXPECT_EQ(layout.packages, std::vector<std::string>{"my_app"});
}

TEST_F(ProjectLayoutTest, FlatPackagesSortedAlongsideApp)
{
  write("zeta/__init__.py", "");
  write("app/__init__.py", "");
  auto layout = detect_layout(dir(), nullptr);
  EXPECT_EQ(layout.kind, LayoutKind::flat_package);
  EXPECT_EQ(layout.packages, (std::vector<std::string>{"app", "zeta"}));
}

TEST_F(ProjectLayoutTest, AppDirectory)
{
  write("app/main.py", "");
  write("requirements.txt", "fastapi\n");
  auto layout = detect_layout(dir(), nullptr);
  EXPECT_EQ(layout.kind, LayoutKind::app_directory);
  EXPECT_TRUE(layout.python_path.empty());
  EXPECT_EQ(layout.packages, std::vector<std::string>{"app"});

  write("app/__init__.py", "");
  EXPECT_EQ(detect_layout(dir(), nullptr).kind, LayoutKind::app_directory);
}

TEST_F(ProjectLayoutTest, SingleModule)
{
  struct Case {
    const char* file;
    const char* project_name;
  };
  for (const auto& [file, project_name] :
       {Case{"main.py", ""}, Case{"app.py", ""}, Case{"hello_tool.py", "Hello-Tool"}}) {
    std::filesystem::remove_all(dir());
    std::filesystem::create_directories(dir());
    write(file, "print('hi')\n");
    auto p = project(project_name);
    auto layout = detect_layout(dir(), &p);
    EXPECT_EQ(layout.kind, LayoutKind::single_module) << file;
    EXPECT_TRUE(layout.python_path.empty()) << file;
    EXPECT_TRUE(layout.packages.empty()) << file;
  }
}

TEST_F(ProjectLayoutTest, Unknown)
{
  EXPECT_EQ(detect_layout(dir(), nullptr).kind, LayoutKind::unknown);
  write("scripts/run.py", "");
  write("tool.py", ""); // not main.py, app.py or the project's name
  write("app/README.md", "");
  auto p = project("other");
  auto layout = detect_layout(dir(), &p);
  EXPECT_EQ(layout.kind, LayoutKind::unknown);
  EXPECT_TRUE(layout.packages.empty());
  EXPECT_STREQ(to_string(layout.kind), "unknown");
}

TEST(PyImportNameTest, NormalisesProjectNames)
{
  EXPECT_EQ(import_name("my-app"), "my_app");
  EXPECT_EQ(import_name("My.Cool-App"), "my_cool_app");
  EXPECT_TRUE(is_identifier("my_app"));
  EXPECT_TRUE(is_identifier("_x1"));
  EXPECT_FALSE(is_identifier("my-app"));
  EXPECT_FALSE(is_identifier("1x"));
  EXPECT_FALSE(is_identifier(""));
}

} // namespace
} // namespace pycontainer::python
