#include "python/project_metadata.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::python {
namespace {

using Scripts = std::vector<std::pair<std::string, std::string>>;

class ProjectMetadataTest : public test::TempDirTest {
protected:
  PyProject load()
  {
    auto project = load_project(dir());
    EXPECT_TRUE(project.has_value());
    return project.value_or(PyProject{});
  }

  std::string usage_error()
  {
    try {
      load_project(dir());
    } catch (const UsageError& error) {
      return error.what();
    }
    ADD_FAILURE() << "expected UsageError";
    return "";
  }
};

TEST_F(ProjectMetadataTest, NoMetadataFileIsNoProject)
{
  write("app.py", "print('hi')\n");
  EXPECT_FALSE(load_project(dir()).has_value());
}

TEST_F(ProjectMetadataTest, Pep621)
{
  write("pyproject.toml", "[project]\nname = \"hello\"\nversion = \"1.0\"\n[project.scripts]\nhello = \"hello:main\"\n");
  auto project = load();
  EXPECT_EQ(project.name, "hello");
  EXPECT_EQ(project.name_origin, "pyproject.toml [project]");
  EXPECT_EQ(project.version, "1.0");
  EXPECT_EQ(project.version_origin, "pyproject.toml [project]");
  EXPECT_EQ(project.scripts, (Scripts{{"hello", "hello:main"}}));
  EXPECT_EQ(project.scripts_origin, "[project.scripts]");
  EXPECT_EQ(project.metadata_files, std::vector<std::filesystem::path>{dir() / "pyproject.toml"});
}

TEST_F(ProjectMetadataTest, Poetry1)
{
  write("pyproject.toml", R"([tool.poetry]
name = "poetry-app"
version = "0.3.1"

[tool.poetry.scripts]
serve = "poetry_app.cli:serve"
old = { callable = "poetry_app.cli:old" }
new = { reference = "poetry_app.cli:new", type = "console" }
shell = { reference = "bin/run.sh", type = "file" }

[build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"
)");
  auto project = load();
  EXPECT_EQ(project.name, "poetry-app");
  EXPECT_EQ(project.name_origin, "pyproject.toml [tool.poetry]");
  EXPECT_EQ(project.version, "0.3.1");
  EXPECT_EQ(project.version_origin, "pyproject.toml [tool.poetry]");
  EXPECT_EQ(project.scripts, (Scripts{{"serve", "poetry_app.cli:serve"},
                                      {"old", "poetry_app.cli:old"},
                                      {"new", "poetry_app.cli:new"}}));
  EXPECT_EQ(project.scripts_origin, "[tool.poetry.scripts]");
}

TEST_F(ProjectMetadataTest, BadPoetryScriptNamesFileLineAndColumn)
{
  write("pyproject.toml", "[tool.poetry]\nname = \"x\"\n[tool.poetry.scripts]\nx = 3\n");
  EXPECT_EQ(usage_error(), (dir() / "pyproject.toml").string()
                             + ":4:5: [tool.poetry.scripts].x must be a table");
}

TEST_F(ProjectMetadataTest, SetupCfg)
{
  write("setup.cfg", R"(# comment
[metadata]
name = cfg-cli
version = 2.1.0
description = A tool: with a colon

[options]
packages = find:

[options.entry_points]
console_scripts =
    cfg-cli = cfg_cli.main:run
    ; a comment inside the value
    other=cfg_cli.other:main
)");
  auto project = load();
  EXPECT_TRUE(project.file.empty());
  EXPECT_EQ(project.name, "cfg-cli");
  EXPECT_EQ(project.name_origin, "setup.cfg [metadata]");
  EXPECT_EQ(project.version, "2.1.0");
  EXPECT_EQ(project.version_origin, "setup.cfg [metadata]");
  EXPECT_EQ(project.scripts, (Scripts{{"cfg-cli", "cfg_cli.main:run"}, {"other", "cfg_cli.other:main"}}));
  EXPECT_EQ(project.scripts_origin, "setup.cfg [options.entry_points] console_scripts");
  EXPECT_EQ(project.metadata_files, std::vector<std::filesystem::path>{dir() / "setup.cfg"});
}

TEST_F(ProjectMetadataTest, SetupCfgLicenseAuthorsAndUrls)
{
  write("setup.cfg", R"([metadata]
name = httpie
author = Jakub Roztocil
author_email = jakub@roztocil.co
license = BSD
url = https://httpie.io/
classifiers =
    Programming Language :: Python
    License :: OSI Approved :: BSD License
project_urls =
    GitHub = https://github.com/httpie/cli
)");
  auto project = load();
  EXPECT_EQ(project.license, ""); // "BSD" names no one license, nor does its classifier
  EXPECT_EQ(project.authors, std::vector<std::string>{"Jakub Roztocil <jakub@roztocil.co>"});
  EXPECT_EQ(project.urls.at("GitHub"), "https://github.com/httpie/cli");
  EXPECT_EQ(project.urls.at("Homepage"), "https://httpie.io/");

  write("setup.cfg", "[metadata]\nname = x\nlicense = Apache-2.0\nmaintainer_email = ops@example.com\n");
  project = load();
  EXPECT_EQ(project.license, "Apache-2.0");
  EXPECT_EQ(project.authors, std::vector<std::string>{"ops@example.com"});
  write("setup.cfg", "[metadata]\nname = x\nlicense = LICENSE.txt\nclassifiers =\n  License :: OSI Approved :: MIT License\n");
  EXPECT_EQ(load().license, "MIT");
  write("setup.cfg", "[metadata]\nname = x\nlicense_expression = MIT OR Apache-2.0\n");
  EXPECT_EQ(load().license, "MIT OR Apache-2.0");
}

TEST_F(ProjectMetadataTest, PyprojectLicenseWinsOverSetupCfg)
{
  write("pyproject.toml", "[project]\nname = \"x\"\nlicense = \"MIT\"\n");
  write("setup.cfg", "[metadata]\nlicense = Apache-2.0\nauthor = Someone\n");
  auto project = load();
  EXPECT_EQ(project.license, "MIT");
  EXPECT_EQ(project.authors, std::vector<std::string>{"Someone"});
}

TEST_F(ProjectMetadataTest, SetupPy)
{
  write("setup.py", R"(from setuptools import setup, find_packages

setup(
    name="py-cli",  # the distribution
    version='0.9',
    packages=find_packages(),
    entry_points={
        "console_scripts": [
            "py-cli = py_cli.__main__:main",
        ],
    },
)
)");
  auto project = load();
  EXPECT_EQ(project.name, "py-cli");
  EXPECT_EQ(project.name_origin, "setup.py");
  EXPECT_EQ(project.version, "0.9");
  EXPECT_EQ(project.scripts, (Scripts{{"py-cli", "py_cli.__main__:main"}}));
  EXPECT_EQ(project.scripts_origin, "setup.py entry_points console_scripts");
}

TEST_F(ProjectMetadataTest, EachSourceFillsOnlyWhatTheOnesBeforeLeftEmpty)
{
  write("setup.py", "setup(name='from-py', version='4', entry_points={'console_scripts': ['p = p:main']})\n");
  write("setup.cfg", "[metadata]\nname = from-cfg\n");
  auto project = load();
  EXPECT_EQ(project.name, "from-cfg");
  EXPECT_EQ(project.version, "4");
  EXPECT_EQ(project.version_origin, "setup.py");
  EXPECT_EQ(project.scripts, (Scripts{{"p", "p:main"}}));

  write("pyproject.toml", "[tool.poetry]\nversion = \"3\"\n[tool.poetry.scripts]\nq = \"q:main\"\n");
  project = load();
  EXPECT_EQ(project.name, "from-cfg");
  EXPECT_EQ(project.version, "3");
  EXPECT_EQ(project.version_origin, "pyproject.toml [tool.poetry]");
  EXPECT_EQ(project.scripts, (Scripts{{"q", "q:main"}}));
  EXPECT_EQ(project.metadata_files,
            (std::vector<std::filesystem::path>{dir() / "pyproject.toml", dir() / "setup.cfg", dir() / "setup.py"}));

  // Poetry 2: [project] first, [tool.poetry] for what it leaves out.
  write("pyproject.toml", "[project]\nname = \"pep621\"\n[project.scripts]\nr = \"r:main\"\n"
                          "[tool.poetry]\nname = \"poetry\"\nversion = \"2\"\n[tool.poetry.scripts]\nq = \"q:main\"\n");
  project = load();
  EXPECT_EQ(project.name, "pep621");
  EXPECT_EQ(project.version, "2");
  EXPECT_EQ(project.scripts, (Scripts{{"r", "r:main"}}));
  EXPECT_EQ(project.scripts_origin, "[project.scripts]");
}

TEST_F(ProjectMetadataTest, HatchVersionPath)
{
  write("pyproject.toml", "[project]\nname = \"hatched\"\ndynamic = [\"version\"]\n"
                          "[tool.hatch.version]\npath = \"src/hatched/__about__.py\"\n");
  write("src/hatched/__about__.py", "# SPDX\n__version__ = \"1.2.0\"\n");
  auto project = load();
  EXPECT_EQ(project.version, "1.2.0");
  EXPECT_EQ(project.version_origin, "src/hatched/__about__.py __version__, [tool.hatch.version]");
  EXPECT_EQ(project.metadata_files.back(), dir() / "src/hatched/__about__.py");
}

TEST_F(ProjectMetadataTest, PdmVersionFile)
{
  write("pyproject.toml", "[project]\nname = \"pdm-app\"\ndynamic = [\"version\"]\n"
                          "[tool.pdm.version]\nsource = \"file\"\npath = \"pdm_app/__init__.py\"\n");
  write("pdm_app/__init__.py", "VERSION = '0.1.0'\n");
  auto project = load();
  EXPECT_EQ(project.version, "0.1.0");
  EXPECT_EQ(project.version_origin, "pdm_app/__init__.py VERSION, [tool.pdm.version]");

  write("pyproject.toml", "[project]\nname = \"pdm-app\"\ndynamic = [\"version\"]\n"
                          "[tool.pdm.version]\nsource = \"scm\"\n");
  std::filesystem::remove(dir() / "pdm_app/__init__.py");
  EXPECT_EQ(load().version_origin, "dynamic: [tool.pdm.version] source = \"scm\" is not run to compute it");
}

TEST_F(ProjectMetadataTest, HatchVcsIsNotRun)
{
  write("pyproject.toml", "[project]\nname = \"black\"\ndynamic = [\"version\"]\n"
                          "[tool.hatch.version]\nsource = \"vcs\"\n");
  auto project = load();
  EXPECT_EQ(project.version, "");
  EXPECT_EQ(project.version_origin, "dynamic: [tool.hatch.version] source = \"vcs\" is not run to compute it");
}

TEST_F(ProjectMetadataTest, SetuptoolsScmIsNotRun)
{
  write("pyproject.toml", "[project]\nname = \"scm\"\ndynamic = [\"version\"]\n[tool.setuptools_scm]\n");
  EXPECT_EQ(load().version_origin, "dynamic: setuptools-scm is not run to compute it");
}

TEST_F(ProjectMetadataTest, SetuptoolsDynamicAttrAndFile)
{
  write("pyproject.toml", "[project]\nname = \"tool\"\ndynamic = [\"version\"]\n"
                          "[tool.setuptools.dynamic]\nversion = {attr = \"tool.about.__version__\"}\n");
  write("src/tool/__init__.py", "");
  write("src/tool/about.py", "__version__: str = '5.0.1'  # released\n");
  auto project = load();
  EXPECT_EQ(project.version, "5.0.1");
  EXPECT_EQ(project.version_origin, "src/tool/about.py __version__, [tool.setuptools.dynamic] attr");

  write("pyproject.toml", "[project]\nname = \"tool\"\ndynamic = [\"version\"]\n"
                          "[tool.setuptools.dynamic]\nversion = {file = [\"VERSION\"]}\n");
  write("VERSION", "  6.0\n");
  project = load();
  EXPECT_EQ(project.version, "6.0");
  EXPECT_EQ(project.version_origin, "VERSION, [tool.setuptools.dynamic] file");
}

TEST_F(ProjectMetadataTest, FlitModuleNamedApartFromTheProject)
{
  write("pyproject.toml", "[build-system]\nrequires = [\"flit_core >=3.2,<4\"]\nbuild-backend = \"flit_core.buildapi\"\n"
                          "[project]\nname = \"flaskr-blog\"\ndynamic = [\"version\", \"description\"]\n"
                          "[tool.flit.module]\nname = \"flaskr\"\n");
  write("flaskr/__init__.py", "\"\"\"The blog.\"\"\"\n__version__ = \"1.0.3\"\n");
  auto project = load();
  EXPECT_EQ(project.version, "1.0.3");
  EXPECT_EQ(project.version_origin, "flaskr/__init__.py __version__, [tool.flit.module]");

  write("pyproject.toml", "[project]\nname = \"x\"\n[tool.flit]\nmodule = \"flaskr\"\n");
  EXPECT_EQ(usage_error(), (dir() / "pyproject.toml").string() + ":4:10: [tool.flit.module] must be a table");
}

TEST_F(ProjectMetadataTest, BadSetuptoolsDynamicVersionNamesFileLineAndColumn)
{
  write("pyproject.toml", "[project]\nname = \"t\"\n[tool.setuptools.dynamic]\nversion = {file = []}\n");
  EXPECT_EQ(usage_error(), (dir() / "pyproject.toml").string()
                             + ":4:19: [tool.setuptools.dynamic] version.file names no file");
  write("pyproject.toml", "[project]\nname = \"t\"\n[tool.setuptools.dynamic]\nversion = \"1.0\"\n");
  EXPECT_EQ(usage_error(), (dir() / "pyproject.toml").string()
                             + ":4:11: [tool.setuptools.dynamic] version must be a table");
}

TEST_F(ProjectMetadataTest, SetupCfgAttrAndFile)
{
  write("setup.cfg", "[metadata]\nname = attr-cli\nversion = attr: attr_cli.__version__\n");
  write("attr_cli/__init__.py", "__version__ = version = \"0.4.2\"\n");
  auto project = load();
  EXPECT_EQ(project.version, "0.4.2");
  EXPECT_EQ(project.version_origin, "attr_cli/__init__.py __version__, setup.cfg [metadata] attr:");

  std::filesystem::remove(dir() / "attr_cli/__init__.py");
  write("setup.cfg", "[metadata]\nname = attr-cli\nversion = file: VERSION.txt\n");
  project = load();
  EXPECT_EQ(project.version, "");
  EXPECT_EQ(project.version_origin, "dynamic: VERSION.txt (setup.cfg [metadata] file:) does not exist");
}

TEST_F(ProjectMetadataTest, PackageVersionLiteral)
{
  // flit's dynamic version, or setup.py's version=__version__: the package's own literal.
  write("pyproject.toml", "[project]\nname = \"Flit-App\"\ndynamic = [\"version\", \"description\"]\n");
  write("flit_app/__init__.py", "\"\"\"An app.\"\"\"\n\n__version__ = '3.2'\n");
  auto project = load();
  EXPECT_EQ(project.version, "3.2");
  EXPECT_EQ(project.version_origin, "flit_app/__init__.py __version__");

  write("flit_app/__init__.py", "def __version__():\n    return '3.2'\n");
  project = load();
  EXPECT_EQ(project.version, "");
  EXPECT_EQ(project.version_origin, "");
}

TEST_F(ProjectMetadataTest, BadSetupCfgLineNamesFileAndLine)
{
  write("setup.cfg", "[metadata]\nname = x\nthis line has no delimiter\n");
  EXPECT_EQ(usage_error(), (dir() / "setup.cfg").string()
                             + ":3: 'this line has no delimiter' is not `key = value`, an indented continuation of "
                               "a value, a comment or a [section]");
}

TEST_F(ProjectMetadataTest, BadConsoleScriptNamesFileAndLine)
{
  write("setup.cfg", "[metadata]\nname = x\n[options.entry_points]\nconsole_scripts =\n  just-a-name\n");
  EXPECT_EQ(usage_error(), (dir() / "setup.cfg").string()
                             + ":4: console_scripts entry 'just-a-name' is not `name = module:function`");
}

} // namespace
} // namespace pycontainer::python
