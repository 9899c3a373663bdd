#include "python/entrypoint.hpp"
#include "python/launcher.hpp"
#include "util/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace pycontainer::python {
namespace {

using Argv = std::vector<std::string>;

// The detected commands of a FastAPI and a Flask app, `target` being "module:variable".
Argv uvicorn(const std::string& target)
{
  return launch_module("uvicorn", {target, "--host", "0.0.0.0", "--port", "8000"});
}

Argv flask(const std::string& target)
{
  return launch_module("flask", {"--app", target, "run", "--host", "0.0.0.0", "--port", "5000"});
}

constexpr std::string_view k_fastapi_main = "from fastapi import FastAPI\n\napp = FastAPI()\n\n"
                                            "@app.get('/')\ndef root():\n    return {'hello': 'world'}\n";

class EntrypointTest : public test::TempDirTest {
protected:
  // Infers the entrypoint of dir(), with every .py file in it going into the image.
  Entrypoint infer(const PyProject* project = nullptr, const std::string& workdir = "/app")
  {
    std::vector<std::string> python_files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir())) {
      if (entry.path().extension() == ".py") {
        python_files.push_back(entry.path().lexically_relative(dir()).generic_string());
      }
    }
    std::sort(python_files.begin(), python_files.end());
    return infer_entrypoint(dir(), project, detect_layout(dir(), project), python_files, workdir);
  }

  std::string usage_error(const PyProject* project = nullptr)
  {
    try {
      infer(project);
    } catch (const UsageError& error) {
      return error.what();
    }
    ADD_FAILURE() << "expected UsageError";
    return "";
  }

  static PyProject with_scripts(std::vector<std::pair<std::string, std::string>> scripts)
  {
    PyProject project;
    project.name = "hello";
    project.scripts = std::move(scripts);
    return project;
  }
};

TEST_F(EntrypointTest, FastApiInFlatPackage)
{
  write("app/__init__.py", "");
  write("app/main.py", k_fastapi_main);
  write("app/routes.py", "from fastapi import APIRouter\nrouter = APIRouter()\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, uvicorn("app.main:app"));
  EXPECT_EQ(entrypoint.framework, "fastapi");
  EXPECT_EQ(entrypoint.port, 8000);
  EXPECT_EQ(entrypoint.reason, "FastAPI app `app` in app/main.py");
}

TEST_F(EntrypointTest, FastApiInSrcLayout)
{
  write("src/api/__init__.py", "");
  write("src/api/main.py", k_fastapi_main);
  write("tests/test_api.py", "from fastapi import FastAPI\ntest_app = FastAPI()\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, uvicorn("api.main:app"));
  EXPECT_EQ(entrypoint.reason, "FastAPI app `app` in src/api/main.py");
}

TEST_F(EntrypointTest, FastApiVariableNamedDifferently)
{
  write("service/__init__.py", "from fastapi import FastAPI\n\nservice: FastAPI = FastAPI(title='svc')\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, uvicorn("service:service"));
  EXPECT_EQ(entrypoint.framework, "fastapi");
}

TEST_F(EntrypointTest, PreferredFileWinsOverOthers)
{
  write("aaa_admin.py", "from fastapi import FastAPI\nadmin = FastAPI()\n");
  write("conftest.py", "from fastapi import FastAPI\nfixture_app = FastAPI()\n");
  write("web/__init__.py", "");
  write("web/wsgi.py", "from flask import Flask\nwsgi_app = Flask(__name__)\n");
  write("main.py", "from fastapi import FastAPI\napi = FastAPI()\n");
  EXPECT_EQ(infer().argv, uvicorn("main:api"));

  std::filesystem::remove(dir() / "main.py");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, flask("web.wsgi:wsgi_app"));

  std::filesystem::remove(dir() / "web/wsgi.py");
  EXPECT_EQ(infer().argv, uvicorn("aaa_admin:admin"));
}

TEST_F(EntrypointTest, FlaskSingleModule)
{
  write("app.py", "from flask import Flask\n\napplication = Flask(__name__)\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, flask("app:application"));
  EXPECT_EQ(entrypoint.framework, "flask");
  EXPECT_EQ(entrypoint.port, 5000);
  EXPECT_EQ(entrypoint.reason, "Flask app `application` in app.py");
}

TEST_F(EntrypointTest, Django)
{
  write("manage.py", "import os\nimport sys\n\ndef main():\n"
                     "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
                     "    from django.core.management import execute_from_command_line\n"
                     "    execute_from_command_line(sys.argv)\n");
  write("mysite/__init__.py", "");
  write("mysite/settings.py", "DEBUG = False\n");
  write("mysite/wsgi.py", "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, launch_script("/app/manage.py", {"runserver", "0.0.0.0:8000"}));
  EXPECT_EQ(entrypoint.framework, "django");
  EXPECT_EQ(entrypoint.port, 8000);
  EXPECT_FALSE(entrypoint.reason.empty());
}

TEST_F(EntrypointTest, ScriptsFunctionForm)
{
  write("src/hello/__init__.py", "");
  write("src/hello/cli.py", "def main():\n    return 0\n");
  write("src/hello/__main__.py", "");
  auto project = with_scripts({{"hello", "hello.cli:main"}, {"other", "hello.other:run"}});
  auto entrypoint = infer(&project);
  EXPECT_EQ(entrypoint.argv, launch_call("hello.cli", "main"));
  EXPECT_EQ(entrypoint.framework, "");
  EXPECT_FALSE(entrypoint.port.has_value());
  EXPECT_NE(entrypoint.reason.find("hello"), std::string::npos);

  project = with_scripts({{"hello", " hello.cli:App.run [extra]"}});
  EXPECT_EQ(infer(&project).argv, launch_call("hello.cli", "App.run"));
}

TEST_F(EntrypointTest, ScriptsModuleForm)
{
  write("tools/__init__.py", "");
  write("tools/db.py", "");
  auto project = with_scripts({{"migrate", "tools.db"}});
  EXPECT_EQ(infer(&project).argv, launch_module("tools.db"));
}

TEST_F(EntrypointTest, InvalidScriptIsUsageError)
{
  for (const char* value : {"not a reference", "pkg.mod:", "pkg-mod:main", ":main", "pkg..mod", "pkg:a:b"}) {
    auto project = with_scripts({{"serve", value}});
    EXPECT_EQ(usage_error(&project), "[project.scripts] serve = '" + std::string(value)
                                       + "' is not a 'module' or 'module:function' reference");
  }
  auto project = with_scripts({{"bad name", "pkg:main"}});
  EXPECT_EQ(usage_error(&project), "[project.scripts] name 'bad name' is not a valid script name");
}

TEST_F(EntrypointTest, ScriptsOfOtherSourcesGoThroughTheSameLauncherAndNameTheirSource)
{
  write("hello/__init__.py", "");
  write("hello/cli.py", "def main():\n    return 0\n");
  auto project = with_scripts({{"hello", "hello.cli:main"}});
  project.scripts_origin = "setup.cfg [options.entry_points] console_scripts";
  auto entrypoint = infer(&project);
  EXPECT_EQ(entrypoint.argv, launch_call("hello.cli", "main"));
  EXPECT_EQ(entrypoint.reason,
            "first setup.cfg [options.entry_points] console_scripts entry: hello = 'hello.cli:main'");

  project.scripts = {{"hello", "hello.cli:"}};
  project.scripts_origin = "[tool.poetry.scripts]";
  EXPECT_EQ(usage_error(&project),
            "[tool.poetry.scripts] hello = 'hello.cli:' is not a 'module' or 'module:function' reference");
}

TEST_F(EntrypointTest, FrameworkBeatsScripts)
{
  write("main.py", std::string(k_fastapi_main));
  auto project = with_scripts({{"hello", "hello.cli:main"}});
  EXPECT_EQ(infer(&project).framework, "fastapi");
}

TEST_F(EntrypointTest, MainModuleOfSrcPackage)
{
  write("src/hello/__init__.py", "");
  write("src/hello/__main__.py", "print('hello')\n");
  write("src/zzz/__init__.py", "");
  write("src/zzz/__main__.py", "");
  write("main.py", "print('top')\n");
  PyProject project;
  project.name = "hello";
  auto entrypoint = infer(&project);
  EXPECT_EQ(entrypoint.argv, launch_module("hello"));
  EXPECT_NE(entrypoint.reason.find("src/hello/__main__.py"), std::string::npos) << entrypoint.reason;
  EXPECT_EQ(entrypoint.framework, "");
}

TEST_F(EntrypointTest, MainPyAtTheTop)
{
  write("main.py", "print('hi')\n");
  write("app.py", "print('hi')\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, launch_script("/app/main.py"));
  EXPECT_FALSE(entrypoint.port.has_value());
  EXPECT_EQ(infer(nullptr, "/srv/").argv, launch_script("/srv/main.py"));

  std::filesystem::remove(dir() / "main.py");
  EXPECT_EQ(infer().argv, launch_script("/app/app.py"));
}

TEST_F(EntrypointTest, NothingFoundIsUsageErrorWithAdvice)
{
  write("lib/helpers.py", "def f():\n    pass\n");
  write("README.md", "");
  EXPECT_EQ(usage_error(), "no entrypoint found in " + dir().string()
                             + ": no FastAPI/Flask/Django app, no console scripts ([project.scripts], "
                               "[tool.poetry.scripts], setup.cfg or setup.py), no __main__.py, main.py or "
                               "app.py; set one with --entrypoint, [project.scripts] in pyproject.toml, or "
                               "entrypoint in [tool.pycontainer]");
}

} // namespace
} // namespace pycontainer::python
