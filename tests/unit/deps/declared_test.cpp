#include "deps/declared.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace pycontainer::deps {
namespace {

using Declared = std::map<std::string, std::string>;

TEST(DeclaredTest, RequirementName)
{
  struct Case {
    std::string_view line;
    std::optional<std::string> name;
  };
  const Case cases[] = {
    {"gunicorn", "gunicorn"},
    {"gunicorn==20.1.0", "gunicorn"},
    {"  Flask >= 2.2  # the web framework", "flask"},
    {"uvicorn[standard]>=0.17", "uvicorn"},
    {"zope.interface ; python_version >= '3.8'", "zope-interface"},
    {"Django_Filters~=23.1", "django-filters"},
    {"my-pkg @ https://example.org/my_pkg-1.0-py3-none-any.whl", "my-pkg"},
    {"requests (>=2.0)", "requests"},
    {"flask#not-a-comment", std::nullopt},
    {"# a comment", std::nullopt},
    {"", std::nullopt},
    {"-r base.txt", std::nullopt},
    {"--index-url https://example.org/simple", std::nullopt},
    {"-e git+https://example.org/repo.git#egg=thing", std::nullopt},
    {"https://example.org/thing-1.0.tar.gz", std::nullopt},
    {"./vendor/thing", std::nullopt},
    {"thing-1.0-py3-none-any.whl", std::nullopt},
  };
  for (const auto& [line, name] : cases) {
    EXPECT_EQ(requirement_name(line), name) << line;
  }
}

class DeclaredSourcesTest : public test::TempDirTest {};

TEST_F(DeclaredSourcesTest, EverySourceCountsTheFirstNamingWins)
{
  write("requirements.txt", "-r requirements/base.txt\nFlask==2.2.2\n--only-binary :all:\n");
  write("requirements/base.txt", "gunicorn>=20  # production server\n-c ../constraints.txt\n");
  write("constraints.txt", "Werkzeug<3\n");
  write(".venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.2\n");
  write(".venv/lib/python3.11/site-packages/uvicorn-0.17.6.dist-info/METADATA", "");
  write(".venv/lib/python3.11/site-packages/Flask-2.2.2.egg-info/PKG-INFO", "");
  write(".venv/lib/python3.11/site-packages/typing_extensions-4.4.0.dist-info/METADATA", "");
  write(".venv/lib/python3.11/site-packages/flask/__init__.py", "");
  DeclarationSources sources;
  sources.context = dir();
  sources.project_dependencies = {"fastapi>=0.92", "Flask"};
  sources.poetry_dependencies = {"Django"};
  EXPECT_EQ(declared_distributions(sources), (Declared{{"flask", "requirements.txt"},
                                                       {"gunicorn", "requirements/base.txt"},
                                                       {"werkzeug", "constraints.txt"},
                                                       {"fastapi", "pyproject.toml [project.dependencies]"},
                                                       {"django", "pyproject.toml [tool.poetry.dependencies]"},
                                                       {"uvicorn", "virtualenv .venv"},
                                                       {"typing-extensions", "virtualenv .venv"}}));
}

TEST_F(DeclaredSourcesTest, GivenFilesAndUnreadableSources)
{
  write("requirements.txt", "flask\n");
  write("deploy/prod.txt", "gunicorn\n-r missing.txt\n");
  write("venv/pyvenv.cfg", "home = /usr/bin\n"); // no lib/pythonX.Y/site-packages: skipped
  DeclarationSources sources;
  sources.context = dir();
  sources.requirements = dir() / "deploy/prod.txt";
  EXPECT_EQ(declared_distributions(sources), (Declared{{"gunicorn", "deploy/prod.txt"}}));

  write("elsewhere/pyvenv.cfg", "home = /usr/bin\n");
  write("elsewhere/lib/python3.11/site-packages/gunicorn-20.1.0.dist-info/RECORD", "");
  sources.requirements.reset();
  sources.venv = dir() / "elsewhere";
  EXPECT_EQ(declared_distributions(sources), (Declared{{"flask", "requirements.txt"}, {"gunicorn", "virtualenv elsewhere"}}));

  write("requirements/prod.txt", "-r common.txt\ngunicorn==26.0.0\n");
  write("requirements/common.txt", "Django>=5.2\n");
  write("requirements/dev.txt", "django-debug-toolbar\n");
  sources.venv.reset();
  EXPECT_EQ(declared_distributions(sources), (Declared{{"flask", "requirements.txt"},
                                                       {"gunicorn", "requirements/prod.txt"},
                                                       {"django", "requirements/common.txt"}}));

  DeclarationSources empty;
  empty.context = dir() / "nothing-here";
  EXPECT_TRUE(declared_distributions(empty).empty());
}

} // namespace
} // namespace pycontainer::deps
