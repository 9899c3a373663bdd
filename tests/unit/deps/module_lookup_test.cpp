#include "deps/module_lookup.hpp"

#include "util/error.hpp"

#include <gtest/gtest.h>

namespace pycontainer::deps {
namespace {

class ModuleLookup : public ::testing::Test {
protected:
  void file(const std::string& path) { m_view.add(path, {ViewNode::Kind::regular, "", 0, false, false}); }
  void directory(const std::string& path) { m_view.add(path, {ViewNode::Kind::directory, "", 0, false, false}); }

  // sys.path: /app (the working directory), /app/native (PYTHONPATH), /opt/gone (PYTHONPATH, missing),
  // /site (site-packages).
  ModuleSearch find(const std::string& name, std::string extension_suffix = ".cpython-311-x86_64-linux-gnu.so")
  {
    directory("/app");
    directory("/app/native");
    directory("/site");
    m_python.executable = "/usr/bin/python3";
    m_python.version = "3.11";
    m_python.sys_path = {{"/app", "the working directory", true},
                         {"/app/native", "PYTHONPATH", true},
                         {"/opt/gone", "PYTHONPATH", false},
                         {"/site", "site-packages", true}};
    m_python.extension_suffixes = {std::move(extension_suffix), ".abi3.so", ".so"};
    return find_module(m_view, m_python, name);
  }

  void expect_found(const std::string& name, ModuleKind kind, const std::string& file)
  {
    auto search = find(name);
    ASSERT_TRUE(search.found) << name;
    EXPECT_EQ(search.kind, kind) << name;
    EXPECT_EQ(search.file, file) << name;
  }

  std::string describe(const ModuleSearch& search) const { return describe_missing_module(search, m_python); }

  FileView m_view;
  ImagePython m_python;
};

TEST_F(ModuleLookup, TheFirstDirectoryOfThePathHavingTheNameWinsAPackageBeforeAModule)
{
  file("/site/geom.py");
  file("/app/native/geom/__init__.py");
  file("/app/native/geom.py");
  expect_found("geom", ModuleKind::package, "/app/native/geom/__init__.py");
}

TEST_F(ModuleLookup, ExtensionModulesAreTakenByTheirSuffixesBeforeSource)
{
  file("/app/native/fastmath.cpython-311-x86_64-linux-gnu.so");
  file("/app/native/fastmath.py");
  file("/site/stable.abi3.so");
  file("/site/plain.so");
  expect_found("fastmath", ModuleKind::extension, "/app/native/fastmath.cpython-311-x86_64-linux-gnu.so");
  EXPECT_EQ(find("stable").file, "/site/stable.abi3.so");
  EXPECT_EQ(find("plain").kind, ModuleKind::extension);
}

TEST_F(ModuleLookup, WithoutAPlatformTagAnyIsTaken)
{
  file("/site/fastmath.cpython-311-aarch64-linux-gnu.so");
  file("/site/other.cpython-312-aarch64-linux-gnu.so");
  EXPECT_TRUE(find("fastmath", ".cpython-311-*.so").found);
  EXPECT_FALSE(find("other", ".cpython-311-*.so").found);
}

TEST_F(ModuleLookup, SubmodulesAreLookedForInTheirPackageAndBytecodeServesWithoutSource)
{
  file("/site/geom/__init__.py");
  file("/site/geom/shapes/__init__.pyc");
  file("/site/geom/shapes/area.pyc");
  file("/app/geom/shapes/area.py"); // not geom's: the package's directory is /site/geom
  expect_found("geom.shapes.area", ModuleKind::bytecode, "/site/geom/shapes/area.pyc");
}

TEST_F(ModuleLookup, DirectoriesWithoutInitAreANamespacePackageOfAllTheirPortions)
{
  directory("/app/acme");
  file("/site/acme/tools.py");
  file("/site/acme.txt");
  expect_found("acme", ModuleKind::namespace_package, "/app/acme");
  EXPECT_EQ(find("acme.tools").file, "/site/acme/tools.py");
  file("/app/native/acme.py"); // a module anywhere on the path wins over the portions
  EXPECT_EQ(find("acme").file, "/app/native/acme.py");
}

TEST_F(ModuleLookup, AMissingModuleIsNamedWithTheFilesLookedForAndTheDirectoriesSearched)
{
  auto search = find("fastmath");
  ASSERT_FALSE(search.found);
  EXPECT_EQ(search.missing, "fastmath");
  auto message = describe(search);
  EXPECT_NE(message.find("module fastmath is not found where the image's Python (/usr/bin/python3, 3.11) imports from"),
            std::string::npos) << message;
  EXPECT_NE(message.find("no fastmath.py, fastmath/__init__.py or fastmath.cpython-311-x86_64-linux-gnu.so (or .abi3.so, "
                         ".so) in /app (the working directory), /app/native (PYTHONPATH), /opt/gone (PYTHONPATH, not "
                         "in the image), /site (site-packages)"),
            std::string::npos) << message;
  EXPECT_NE(message.find("FILES with DESTINATION"), std::string::npos) << message;
  EXPECT_NE(message.find("PYTHONPATH (ENV PYTHONPATH=...)"), std::string::npos) << message;
}

TEST_F(ModuleLookup, AMistypedNameGetsTheNearestModuleThere)
{
  file("/app/native/cmake_example.cpython-311-x86_64-linux-gnu.so");
  auto search = find("cmake_exemple");
  ASSERT_FALSE(search.found);
  EXPECT_EQ(search.did_you_mean, "cmake_example");
  EXPECT_NE(describe(search).find("; did you mean cmake_example?"), std::string::npos) << describe(search);
  EXPECT_EQ(find("zzzzzzzzz").did_you_mean, "");
}

TEST_F(ModuleLookup, AnExtensionOfAnotherPythonIsPointedOut)
{
  file("/app/native/fastmath.cpython-312-x86_64-linux-gnu.so");
  auto search = find("fastmath");
  ASSERT_FALSE(search.found);
  EXPECT_EQ(search.other_files, std::vector<std::string>{"/app/native/fastmath.cpython-312-x86_64-linux-gnu.so"});
  EXPECT_NE(describe(search).find("/app/native/fastmath.cpython-312-x86_64-linux-gnu.so is there, but its name is not one "
                                  "this Python imports"),
            std::string::npos) << describe(search);
}

TEST_F(ModuleLookup, ASubmoduleMissingFromItsPackageOrOfAPlainModuleIsNamed)
{
  file("/site/geom/__init__.py");
  file("/site/flat.py");
  auto search = find("geom.shapes");
  ASSERT_FALSE(search.found);
  EXPECT_EQ(search.missing, "geom.shapes");
  EXPECT_NE(describe(search).find("module geom.shapes is not found"), std::string::npos) << describe(search);
  EXPECT_NE(describe(search).find("no shapes.py, shapes/__init__.py or shapes.cpython-311-x86_64-linux-gnu.so (or "
                                  ".abi3.so, .so) in /site/geom (the package geom)"),
            std::string::npos) << describe(search);
  search = find("geom.shapes.area");
  EXPECT_EQ(search.missing, "geom.shapes");
  EXPECT_NE(describe(search).find("module geom.shapes (of geom.shapes.area)"), std::string::npos) << describe(search);
  search = find("flat.sub");
  ASSERT_FALSE(search.found);
  EXPECT_EQ(search.not_a_package, "/site/flat.py");
  EXPECT_NE(describe(search).find("its parent is the module /site/flat.py, not a package"), std::string::npos)
    << describe(search);
}

TEST_F(ModuleLookup, ANameThatIsNoModulesIsAUsageError)
{
  for (std::string name : {"fast-math", "", "a..b", "1st", "a.", "a/b"}) {
    EXPECT_THROW(find(name), UsageError) << name;
  }
  EXPECT_NO_THROW(find("_private.ünïcode_2"));
}

} // namespace
} // namespace pycontainer::deps
