#include "python/pyproject.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::python {
namespace {

class PyProjectTest : public test::TempDirTest {
protected:
  // The UsageError message load_pyproject() throws for `content`.
  std::string error_for(std::string_view content)
  {
    write("pyproject.toml", content);
    try {
      load_pyproject(dir());
    } catch (const UsageError& error) {
      return error.what();
    }
    ADD_FAILURE() << "expected UsageError for:\n" << content;
    return "";
  }
};

TEST_F(PyProjectTest, ParsesFullExample)
{
  write("pyproject.toml", R"([build-system]
requires = ["hatchling"]

[project]
name = "hello-api"
version = "1.2.3"
description = "Says hello"
requires-python = ">=3.11"
license = "MIT"
dependencies = ["fastapi>=0.110", "uvicorn[standard]"]

[project.scripts]
hello = "hello_api.cli:main"

[project.urls]
Homepage = "https://example.com"
Source = "https://example.com/src"

[tool.pycontainer]
base = "python:3.12-slim"
)");
  auto project = load_pyproject(dir());
  ASSERT_TRUE(project.has_value());
  EXPECT_EQ(project->file, dir() / "pyproject.toml");
  EXPECT_EQ(project->name, "hello-api");
  EXPECT_EQ(project->version, "1.2.3");
  EXPECT_EQ(project->description, "Says hello");
  EXPECT_EQ(project->requires_python, ">=3.11");
  EXPECT_EQ(project->license, "MIT");
  EXPECT_EQ(project->dependencies, (std::vector<std::string>{"fastapi>=0.110", "uvicorn[standard]"}));
  ASSERT_EQ(project->scripts.size(), 1u);
  EXPECT_EQ(project->scripts[0], (std::pair<std::string, std::string>{"hello", "hello_api.cli:main"}));
  EXPECT_EQ(project->urls, (std::map<std::string, std::string>{{"Homepage", "https://example.com"},
                                                               {"Source", "https://example.com/src"}}));
}

TEST_F(PyProjectTest, ScriptsKeepFileOrder)
{
  write("pyproject.toml", R"([project]
name = "tools"
scripts = { zeta = "tools.z:main", alpha = "tools.a:main" }
)");
  auto inline_table = load_pyproject(dir());
  ASSERT_TRUE(inline_table);
  ASSERT_EQ(inline_table->scripts.size(), 2u);
  EXPECT_EQ(inline_table->scripts[0].first, "zeta");
  EXPECT_EQ(inline_table->scripts[1].first, "alpha");

  write("pyproject.toml", R"([project]
name = "tools"

[project.scripts]
serve = "tools.server:run"
admin = "tools.admin:main"
migrate = "tools.db"
)");
  auto project = load_pyproject(dir());
  ASSERT_TRUE(project);
  std::vector<std::pair<std::string, std::string>> expected{
    {"serve", "tools.server:run"}, {"admin", "tools.admin:main"}, {"migrate", "tools.db"}};
  EXPECT_EQ(project->scripts, expected);
}

TEST_F(PyProjectTest, LicenseForms)
{
  struct Case {
    std::string_view toml;
    std::string_view license;
  };
  for (const auto& [toml, license] :
       {Case{R"(license = "Apache-2.0")", "Apache-2.0"}, Case{R"(license = { text = "MIT" })", "MIT"},
        Case{R"(license = "MIT OR Apache-2.0")", "MIT OR Apache-2.0"},
        Case{R"(license = "LicenseRef-Acme-Internal")", "LicenseRef-Acme-Internal"},
        // A file is no license id: the flask tutorial's `{file = "LICENSE.txt"}` gave licenses=LICENSE.txt.
        Case{R"(license = { file = "LICENSE.txt" })", ""}, Case{R"(license = "LICENSE.txt")", ""},
        Case{R"(license = { text = "BSD" })", ""}, Case{R"(license = "MIT and Apache-2.0")", ""},
        Case{"license = { file = \"LICENSE\" }\nclassifiers = [\"License :: OSI Approved :: MIT License\"]", "MIT"},
        Case{"license-expression = \"BSD-3-Clause\"", "BSD-3-Clause"},
        Case{"license = \"ISC\"\nclassifiers = [\"License :: OSI Approved :: MIT License\"]", "ISC"}}) {
    write("pyproject.toml", "[project]\nname = \"x\"\n" + std::string(toml) + "\n");
    auto project = load_pyproject(dir());
    ASSERT_TRUE(project) << toml;
    EXPECT_EQ(project->license, license) << toml;
  }
}

TEST_F(PyProjectTest, PoetryLicenseAndClassifiers)
{
  write("pyproject.toml", "[tool.poetry]\nname = \"x\"\nlicense = \"Proprietary\"\n");
  EXPECT_EQ(load_pyproject(dir())->license, "Proprietary"); // not on the SPDX list, but an id
  write("pyproject.toml",
        "[tool.poetry]\nname = \"x\"\nclassifiers = [\"License :: OSI Approved :: GNU General Public License v3 (GPLv3)\"]\n");
  EXPECT_EQ(load_pyproject(dir())->license, "GPL-3.0-only");
  write("pyproject.toml", "[project]\nname = \"x\"\nlicense = \"MIT\"\n[tool.poetry]\nlicense = \"Apache-2.0\"\n");
  EXPECT_EQ(load_pyproject(dir())->license, "MIT");
}

TEST_F(PyProjectTest, AuthorsThenMaintainers)
{
  write("pyproject.toml", R"([project]
name = "x"
authors = [{name = "Ada Lovelace", email = "ada@example.com"}, {name = "Charles"}, {email = "team@example.com"}]
maintainers = [{name = "Not Taken"}]
)");
  EXPECT_EQ(load_pyproject(dir())->authors,
            (std::vector<std::string>{"Ada Lovelace <ada@example.com>", "Charles", "team@example.com"}));
  write("pyproject.toml", "[project]\nname = \"x\"\nmaintainers = [{name = \"Pallets\", email = \"contact@palletsprojects.com\"}]\n");
  EXPECT_EQ(load_pyproject(dir())->authors, std::vector<std::string>{"Pallets <contact@palletsprojects.com>"});
  write("pyproject.toml", "[tool.poetry]\nname = \"x\"\nauthors = [\"Sébastien <seb@example.com>\"]\n");
  EXPECT_EQ(load_pyproject(dir())->authors, std::vector<std::string>{"Sébastien <seb@example.com>"});
  EXPECT_NE(error_for("[project]\nauthors = [\"Ada\"]\n").find(":2:12: [project].authors[0] must be a table"),
            std::string::npos);
}

TEST_F(PyProjectTest, PoetryUrls)
{
  write("pyproject.toml", "[tool.poetry]\nname = \"x\"\nrepository = \"https://github.com/o/x\"\n");
  EXPECT_EQ(load_pyproject(dir())->urls.at("Repository"), "https://github.com/o/x");
}

TEST_F(PyProjectTest, LicenseOfWrongShapeIsError)
{
  EXPECT_EQ(error_for("[project]\nlicense = { url = \"x\" }\n"),
            (dir() / "pyproject.toml").string()
              + ":2:11: [project].license must be a string or a table with `text` or `file`");
  EXPECT_NE(error_for("[project]\nlicense = { text = 3 }\n").find(":2:20: [project].license.text must be a string"),
            std::string::npos);
}

TEST_F(PyProjectTest, BrokenTomlGivesOneLineWithPosition)
{
  std::string message = error_for("[project]\nname = \"ok\"\nversion = \"1.0\nrequires-python = \">=3.11\"\n");
  std::string prefix = (dir() / "pyproject.toml").string() + ":3:";
  EXPECT_EQ(message.rfind(prefix, 0), 0u) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_GT(message.size(), prefix.size() + 4) << "a description must follow the position: " << message;

  message = error_for("[project]\n[project]\n");
  EXPECT_NE(message.find("pyproject.toml:2:"), std::string::npos) << message;
}

TEST_F(PyProjectTest, WrongTypeNamesFieldAndPosition)
{
  EXPECT_EQ(error_for("[project]\nname = \"x\"\nversion = 1\n"),
            (dir() / "pyproject.toml").string() + ":3:11: [project].version must be a string");
  EXPECT_NE(error_for("[project]\nname = [\"x\"]\n").find("pyproject.toml:2:8: [project].name must be a string"),
            std::string::npos);
  EXPECT_NE(error_for("project = 3\n").find("pyproject.toml:1:11: [project] must be a table"), std::string::npos);
  EXPECT_NE(error_for("[project]\ndependencies = \"flask\"\n")
              .find("pyproject.toml:2:16: [project].dependencies must be an array of strings"),
            std::string::npos);
  EXPECT_NE(error_for("[project]\ndependencies = [\"flask\", 3]\n")
              .find("pyproject.toml:2:26: [project].dependencies[1] must be a string"),
            std::string::npos);
  EXPECT_NE(
    error_for("[project.scripts]\nserve = 1\n").find("pyproject.toml:2:9: [project.scripts].serve must be a string"),
    std::string::npos);
  EXPECT_NE(error_for("[project]\nurls = \"https://x\"\n").find("pyproject.toml:2:8: [project.urls] must be a table"),
            std::string::npos);
}

TEST_F(PyProjectTest, MissingFileIsNullopt)
{
  EXPECT_FALSE(load_pyproject(dir()).has_value());
}

TEST_F(PyProjectTest, FileWithoutProjectTableGivesEmptyFields)
{
  write("pyproject.toml", "[tool.black]\nline-length = 100\n");
  auto project = load_pyproject(dir());
  ASSERT_TRUE(project);
  EXPECT_EQ(project->name, "");
  EXPECT_TRUE(project->scripts.empty());
  EXPECT_TRUE(project->dependencies.empty());
}

TEST(PyMinimumPythonVersionTest, LowestAdmittedVersion)
{
  struct Case {
    std::string requires_python;
    std::optional<std::string> minimum;
  };
  const Case cases[] = {
    {">=3.11", "3.11"},       {"~=3.10", "3.10"},
    {"==3.12.*", "3.12"},     {">3.9,<4", "3.9"}, // a strict > 3.9 still admits 3.9.1
    {"<4", std::nullopt},     {"", std::nullopt},
    {">= 3.8.1", "3.8"},      {" >=3.9 , !=3.9.1, <3.13", "3.9"},
    {">=3.8,>=3.10", "3.10"}, {"!=3.8", std::nullopt},
    {"<=3.12", std::nullopt}, {">=3", "3.0"},
    {"===3.11.4", "3.11"},    {"not a specifier", std::nullopt},
  };
  for (const auto& [requires_python, minimum] : cases) {
    EXPECT_EQ(minimum_python_version(requires_python), minimum) << "'" << requires_python << "'";
  }
}

TEST(PyMinimumPythonVersionTest, PoetryConstraints)
{
  EXPECT_EQ(minimum_python_version("^3.10"), "3.10");
  EXPECT_EQ(minimum_python_version("~3.9"), "3.9");
  EXPECT_EQ(minimum_python_version(">=3.8 <4.0"), "3.8");
  EXPECT_EQ(minimum_python_version(">=3.9,<3.10 || >=3.11"), "3.9");
  EXPECT_EQ(minimum_python_version("<3.9 || >=3.11"), std::nullopt);
  EXPECT_EQ(minimum_python_version("*"), std::nullopt);
}

TEST(PythonAdmitsTest, Pep440AndPoetryConstraints)
{
  struct Case {
    const char* constraint;
    const char* version;
    bool admitted;
  };
  const Case cases[] = {
    {">=3.12", "3.11.2", false},       {">=3.12", "3.12.0", true},       {">=3.11", "3.11", true},
    {"<3.11", "3.11.2", false},        {"<3.12,>=3.8", "3.11.2", true},  {"~=3.10", "3.13.1", true},
    {"~=3.10.2", "3.11.0", false},     {"~=3.10.2", "3.10.5", true},     {"==3.12.*", "3.12.4", true},
    {"==3.12.*", "3.11.9", false},     {"!=3.11.*", "3.11.2", false},    {"!=3.11.1", "3.11.2", true},
    {"==3.11.2", "3.11.2", true},      {"==3.11.2", "3.11", true},       {">3.11", "3.11.1", true},
    {">=3.11.4", "3.11", true},        {">=3.11.4,<3.11.6", "3.11", true}, {"^3.10", "3.12.1", true},
    {"^3.10", "3.9.18", false},        {"^3.10", "4.0", false},          {"~3.10", "3.11.0", false},
    {"~3.10", "3.10.12", true},        {"3.11", "3.11.2", true},         {"3.12", "3.11.2", false},
    {"*", "3.11.2", true},             {"", "3.11.2", true},             {">=3.8 <3.11", "3.11.2", false},
    {"<3.9 || >=3.11", "3.11.2", true}, {"<3.9 | >=3.12", "3.11.2", false}, {">=3.13.0rc1", "3.13", true},
  };
  for (const auto& [constraint, version, admitted] : cases) {
    EXPECT_EQ(python_admits(constraint, version), admitted) << "'" << constraint << "' and " << version;
  }
  EXPECT_EQ(python_admits("not a constraint", "3.11.2"), std::nullopt);
  EXPECT_EQ(python_admits(">=3.11", "unknown"), std::nullopt);
}

TEST_F(PyProjectTest, PoetryPythonIsTheRequiredPythonAndItsDependenciesAreNamed)
{
  write("pyproject.toml", R"([tool.poetry]
name = "svc"
version = "1.0"
[tool.poetry.dependencies]
python = "^3.12"
fastapi = "^0.110"
lib = {path = "../lib"}
)");
  auto project = load_pyproject(dir());
  ASSERT_TRUE(project);
  EXPECT_EQ(project->requires_python, "^3.12");
  EXPECT_EQ(project->requires_python_origin, "pyproject.toml [tool.poetry.dependencies] python");
  EXPECT_EQ(project->poetry_dependencies, (std::vector<std::string>{"fastapi", "lib"}));
}

TEST_F(PyProjectTest, ProjectRequiresPythonWinsOverPoetrys)
{
  write("pyproject.toml", R"([project]
name = "svc"
requires-python = ">=3.11"
[tool.poetry.dependencies]
python = "^3.12"
)");
  auto project = load_pyproject(dir());
  ASSERT_TRUE(project);
  EXPECT_EQ(project->requires_python, ">=3.11");
  EXPECT_EQ(project->requires_python_origin, "pyproject.toml [project] requires-python");
}

TEST(RequiresPython, SpecifiersArePep440)
{
  for (const char* valid : {">=3.11", "~=3.10", "==3.12.*", ">3.9,<4", " >=3.9 , !=3.9.1, <3.13", "===3.11.4",
                            ">=3.8.1rc1", ""}) {
    EXPECT_EQ(requires_python_problem(valid), std::nullopt) << "'" << valid << "'";
  }
  for (const char* invalid : {">=banana", "3.11", ">=", ">=3.11,", "not a specifier", ">=3.11; python_version"}) {
    auto problem = requires_python_problem(invalid);
    ASSERT_TRUE(problem) << "'" << invalid << "'";
    EXPECT_NE(problem->find("is not a version specifier"), std::string::npos) << *problem;
  }
}

TEST_F(PyProjectTest, RequiresPythonThatIsNoSpecifierIsAnErrorWithItsPosition)
{
  write("pyproject.toml", "[project]\nname = \"x\"\nrequires-python = \">=banana\"\n");
  try {
    load_pyproject(dir());
    FAIL() << "no error";
  } catch (const UsageError& error) {
    EXPECT_NE(error.message().find("pyproject.toml:3:19: [project].requires-python: \">=banana\""), std::string::npos)
      << error.message();
  }
}

TEST_F(PyProjectTest, APyprojectDirectoryIsAUsageError)
{
  std::filesystem::create_directories(dir() / "pyproject.toml");
  EXPECT_THROW(load_pyproject(dir()), UsageError);
}

} // namespace
} // namespace pycontainer::python
