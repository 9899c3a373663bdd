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
  Entrypoint infer(const PyProject* project = nullptr, const std::string& workdir = "/app",
                   const DeclaredDistributions& declared = {})
  {
    std::vector<std::string> python_files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir())) {
      if (entry.path().extension() == ".py") {
        python_files.push_back(entry.path().lexically_relative(dir()).generic_string());
      }
    }
    std::sort(python_files.begin(), python_files.end());
    return infer_entrypoint(dir(), project, detect_layout(dir(), project), python_files, workdir, declared);
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
  EXPECT_EQ(entrypoint.reason, "FastAPI app `app` in app/main.py; served by uvicorn");
}

TEST_F(EntrypointTest, FastApiInSrcLayout)
{
  write("src/api/__init__.py", "");
  write("src/api/main.py", k_fastapi_main);
  write("tests/test_api.py", "from fastapi import FastAPI\ntest_app = FastAPI()\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, uvicorn("api.main:app"));
  EXPECT_EQ(entrypoint.reason, "FastAPI app `app` in src/api/main.py; served by uvicorn");
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
  EXPECT_EQ(entrypoint.reason,
            "Flask app `application` in app.py; Flask's development server (no gunicorn in the dependencies)");
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

TEST_F(EntrypointTest, DjangoSettingsFoundWhenManagePyNamesNone)
{
  write("manage.py", "#!/usr/bin/env python\nimport sys\nfrom django.core.management import execute_from_command_line\n"
                     "execute_from_command_line(sys.argv)\n");
  write("shop/__init__.py", "");
  write("shop/urls.py", "urlpatterns = []\n");
  write("shop/settings.py", "DEBUG = False\n");
  write("shop/wsgi.py", "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n");
  write("shop/orders/__init__.py", "");
  write("shop/orders/settings.py", "PAGE_SIZE = 10\n"); // an app's own settings: no urls.py or wsgi.py beside
  write("templates_only/settings.py", "");
  write("templates_only/urls.py", "");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, launch_script("/app/manage.py", {"runserver", "0.0.0.0:8000"}));
  EXPECT_EQ(entrypoint.framework, "django");
  EXPECT_EQ(entrypoint.env, (std::vector<std::pair<std::string, std::string>>{{"DJANGO_SETTINGS_MODULE", "shop.settings"}}));
  EXPECT_EQ(entrypoint.reason, "Django project: manage.py, settings in shop/settings.py (DJANGO_SETTINGS_MODULE="
                               "shop.settings in the environment); Django's development server (no gunicorn in the "
                               "dependencies)");

  // gunicorn declared: the settings' wsgi.py
  entrypoint = infer(nullptr, "/app", {{"gunicorn", "requirements.txt"}});
  EXPECT_EQ(entrypoint.argv, launch_module("gunicorn", {"-b", "0.0.0.0:8000", "shop.wsgi:application"}));
  EXPECT_EQ(entrypoint.port, 8000);
  EXPECT_NE(entrypoint.reason.find("; served by gunicorn: gunicorn is in requirements.txt"), std::string::npos)
    << entrypoint.reason;

  // a manage.py of another tool, with no Django settings, is no Django project
  write("manage.py", "from flask_script import Manager\nmanager = Manager(app)\n");
  std::filesystem::remove(dir() / "shop/wsgi.py");
  std::filesystem::remove(dir() / "shop/urls.py");
  std::filesystem::remove(dir() / "templates_only/urls.py");
  EXPECT_EQ(usage_error().substr(0, 19), "no entrypoint found");
}

TEST_F(EntrypointTest, DjangoSettingsPackageNamedByManagePyServedByGunicorn)
{
  write("manage.py", "import os, sys\nif __name__ == \"__main__\":\n"
                     "    os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"config.settings.production\")\n"
                     "    from django.core.management import execute_from_command_line\n"
                     "    execute_from_command_line(sys.argv)\n");
  write("config/__init__.py", "");
  write("config/settings/__init__.py", "");
  write("config/settings/base.py", "WSGI_APPLICATION = 'config.wsgi.application'\n");
  write("config/settings/production.py", "from .base import *\n");
  write("config/wsgi.py", "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n");
  auto entrypoint = infer(nullptr, "/app", {{"gunicorn", "requirements/production.txt"}, {"django", "pyproject.toml"}});
  EXPECT_EQ(entrypoint.argv, launch_module("gunicorn", {"-b", "0.0.0.0:8000", "config.wsgi:application"}));
  EXPECT_TRUE(entrypoint.env.empty());
  EXPECT_EQ(entrypoint.reason, "Django project: manage.py sets DJANGO_SETTINGS_MODULE (config.settings.production); "
                               "served by gunicorn: gunicorn is in requirements/production.txt");

  // no wsgi.py: the development server, saying why
  std::filesystem::remove(dir() / "config/wsgi.py");
  entrypoint = infer(nullptr, "/app", {{"gunicorn", "requirements.txt"}});
  EXPECT_EQ(entrypoint.argv, launch_script("/app/manage.py", {"runserver", "0.0.0.0:8000"}));
  EXPECT_NE(entrypoint.reason.find("gunicorn is in requirements.txt, but no wsgi.py beside the settings"), std::string::npos)
    << entrypoint.reason;
}

TEST_F(EntrypointTest, AppMadeByAFactoryIsAnObject)
{
  write("app/__init__.py", "");
  write("app/main.py", "from fastapi import FastAPI\n\ndef get_application() -> FastAPI:\n"
                       "    application = FastAPI()\n    return application\n\napp = get_application()\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, uvicorn("app.main:app"));
  EXPECT_EQ(entrypoint.reason, "FastAPI app `app` (made by get_application()) in app/main.py; served by uvicorn");

  // the factory in another module of the project, imported relatively or absolutely
  write("app/core/__init__.py", "");
  write("app/core/factory.py", "from flask import Flask\n\ndef create_app(config=None):\n"
                               "    app = Flask(__name__)\n    return app\n");
  write("app/main.py", "from .core.factory import create_app\n\napplication = create_app()\n");
  EXPECT_EQ(infer().argv, flask("app.main:application"));
  write("app/main.py", "from app.core.factory import create_app\n\napplication = create_app()\n");
  EXPECT_EQ(infer().argv, flask("app.main:application"));
  // the package's __init__ importing from its own module
  write("app/main.py", "");
  write("app/__init__.py", "from .core.factory import create_app\n\nwsgi = create_app()\n");
  EXPECT_EQ(infer().argv, flask("app:wsgi"));

  // a function of a module that is not the project's is not followed
  write("app/__init__.py", "from werkzeug.serving import make_server\n\nserver = make_server()\n");
  std::filesystem::remove(dir() / "app/core/factory.py");
  EXPECT_EQ(usage_error().substr(0, 19), "no entrypoint found");
}

TEST_F(EntrypointTest, FactoryOnlyIsGivenToTheServerAsOne)
{
  write("service/__init__.py", "");
  write("service/main.py", "from fastapi import FastAPI\n\ndef get_application() -> FastAPI:\n    return FastAPI()\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv,
            launch_module("uvicorn", {"service.main:get_application", "--host", "0.0.0.0", "--port", "8000", "--factory"}));
  EXPECT_EQ(entrypoint.reason, "FastAPI app factory `get_application` in service/main.py; served by uvicorn");

  // gunicorn calls a factory written as a call
  write("service/main.py", "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n");
  entrypoint = infer(nullptr, "/app", {{"gunicorn", "[project.dependencies]"}});
  EXPECT_EQ(entrypoint.argv, launch_module("gunicorn", {"-b", "0.0.0.0:8000", "service.main:create_app()"}));
  EXPECT_EQ(entrypoint.port, 8000);
}

TEST_F(EntrypointTest, PortLiteralOfTheAppWins)
{
  write("app.py", "from flask import Flask\napp = Flask(__name__)\n\nif __name__ == '__main__':\n"
                  "    app.run(host='0.0.0.0', port=8080)\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv,
            launch_module("flask", {"--app", "app:app", "run", "--host", "0.0.0.0", "--port", "8080"}));
  EXPECT_EQ(entrypoint.port, 8080);
  EXPECT_EQ(entrypoint.reason, "Flask app `app` in app.py, port 8080 from its app.run(port=8080); Flask's "
                               "development server (no gunicorn in the dependencies)");
  entrypoint = infer(nullptr, "/app", {{"gunicorn", "requirements.txt"}});
  EXPECT_EQ(entrypoint.argv, launch_module("gunicorn", {"-b", "0.0.0.0:8080", "app:app"}));
  EXPECT_EQ(entrypoint.port, 8080);

  write("app.py", "import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nif __name__ == '__main__':\n"
                  "    uvicorn.run(app, host='0.0.0.0', port=9000)\n");
  entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, launch_module("uvicorn", {"app:app", "--host", "0.0.0.0", "--port", "9000"}));
  EXPECT_EQ(entrypoint.port, 9000);
}

TEST_F(EntrypointTest, ProductionServerOfFastApi)
{
  write("main.py", std::string(k_fastapi_main));
  // uvicorn alone (with or without [standard]) stays uvicorn; gunicorn without uvicorn cannot serve ASGI
  auto alone = infer(nullptr, "/app", {{"uvicorn", "requirements.txt"}});
  EXPECT_EQ(alone.argv, uvicorn("main:app"));
  EXPECT_EQ(alone.reason, "FastAPI app `app` in main.py; served by uvicorn: uvicorn is in requirements.txt");
  EXPECT_EQ(infer(nullptr, "/app", {{"gunicorn", "requirements.txt"}}).argv, uvicorn("main:app"));
  auto entrypoint = infer(nullptr, "/app", {{"gunicorn", "requirements.txt"}, {"uvicorn", "[tool.poetry.dependencies]"}});
  EXPECT_EQ(entrypoint.argv,
            launch_module("gunicorn", {"-k", "uvicorn.workers.UvicornWorker", "-b", "0.0.0.0:8000", "main:app"}));
  EXPECT_EQ(entrypoint.port, 8000);
  EXPECT_EQ(entrypoint.reason, "FastAPI app `app` in main.py; served by gunicorn with uvicorn's workers: gunicorn is "
                               "in requirements.txt, uvicorn in [tool.poetry.dependencies]");
}

TEST_F(EntrypointTest, StreamlitAndGradio)
{
  write("streamlit_app.py", "import streamlit as st\nst.title('hello')\n");
  write("pages/charts.py", "import streamlit as st\nst.line_chart([1, 2])\n");
  write("components.py", "import streamlit as st\ndef card():\n    st.write('x')\n");
  auto entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, launch_module("streamlit", {"run", "/app/streamlit_app.py", "--server.port", "8501",
                                                         "--server.address", "0.0.0.0"}));
  EXPECT_EQ(entrypoint.framework, "streamlit");
  EXPECT_EQ(entrypoint.port, 8501);
  EXPECT_EQ(entrypoint.reason, "Streamlit script streamlit_app.py");

  // the port of .streamlit/config.toml, which Streamlit reads from its working directory
  write(".streamlit/config.toml", "[theme]\nbase = 'dark'\n\n[server]\nport = 8080\nheadless = true\n");
  entrypoint = infer();
  EXPECT_EQ(entrypoint.argv, launch_module("streamlit", {"run", "/app/streamlit_app.py", "--server.port", "8080",
                                                         "--server.address", "0.0.0.0"}));
  EXPECT_EQ(entrypoint.port, 8080);
  EXPECT_EQ(entrypoint.reason, "Streamlit script streamlit_app.py, port from .streamlit/config.toml [server] port");
  write(".streamlit/config.toml", "[server\nport = 8080\n"); // Streamlit's to report; its default here
  EXPECT_EQ(infer().port, 8501);
  std::filesystem::remove(dir() / ".streamlit/config.toml");

  std::filesystem::remove(dir() / "streamlit_app.py");
  EXPECT_EQ(infer().argv[5], "/app/pages/charts.py");

  write("app.py", "import gradio as gr\ndemo = gr.Interface(fn=str.upper, inputs='text', outputs='text')\n"
                  "demo.launch()\n");
  entrypoint = infer(nullptr, "/srv");
  EXPECT_EQ(entrypoint.argv, launch_script("/srv/app.py"));
  EXPECT_EQ(entrypoint.framework, "gradio");
  EXPECT_EQ(entrypoint.port, 7860);
  EXPECT_EQ(entrypoint.env, (std::vector<std::pair<std::string, std::string>>{{"GRADIO_SERVER_NAME", "0.0.0.0"}}));
  write("app.py", "import gradio as gr\ndemo = gr.Blocks()\ndemo.launch(server_port=7000)\n");
  EXPECT_EQ(infer().port, 7000);
  EXPECT_EQ(infer().reason, "Gradio app in app.py, port from its demo.launch(server_port=7000)");
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
                             + ": no FastAPI/Flask/Django/Gradio/Streamlit app, no console scripts ([project.scripts], "
                               "[tool.poetry.scripts], setup.cfg or setup.py), no __main__.py, main.py or "
                               "app.py; set one with --entrypoint, [project.scripts] in pyproject.toml, or "
                               "entrypoint in [tool.pycontainer]");
}

} // namespace
} // namespace pycontainer::python
