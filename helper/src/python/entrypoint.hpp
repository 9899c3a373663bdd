#pragma once

#include "python/project_layout.hpp"
#include "python/pyproject.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::python {

struct Entrypoint {
  std::vector<std::string> argv; // exec form, from python/launcher.hpp
  std::string reason;            // for --dry-run: "FastAPI app `app` in src/api/main.py"
  std::string framework;         // "fastapi", "flask", "django" or empty
  std::optional<int> port;       // the port the server listens on
  std::vector<std::pair<std::string, std::string>> env; // what the command needs set: DJANGO_SETTINGS_MODULE
};

// The distributions a project declares (PEP 503 names: "gunicorn"), each with where it is declared
// ("requirements.txt"), for choosing the server of a web app.
using DeclaredDistributions = std::map<std::string, std::string>;

// Infers how the image starts, in this order, each command run by python/launcher.hpp (so SIGTERM ends
// it as a container's PID 1; gunicorn, uvicorn and Streamlit install handlers of their own): `python3 -m
// M ARGS` below is launch_module, `python3 FILE ARGS` launch_script.
//   1. a Django project: manage.py at the top, with the settings module it names in
//      DJANGO_SETTINGS_MODULE or, when it names none, a settings.py (or settings/ package) beside a
//      wsgi.py or urls.py, DJANGO_SETTINGS_MODULE then set in `env`. gunicorn declared and a wsgi.py in
//      the settings' package or above: `python3 -m gunicorn -b 0.0.0.0:8000 <package>.wsgi:application`;
//      else `python3 <workdir>/manage.py runserver 0.0.0.0:8000`.
//   2. an app found in the code (app_detection.hpp), the port its own server call names or the
//      framework's (FastAPI 8000, Flask 5000, Gradio 7860, Streamlit 8501):
//      FastAPI -> `python3 -m uvicorn <module>:<var> --host 0.0.0.0 --port P` (`--factory` for a
//        factory; uvicorn reads its worker count from WEB_CONCURRENCY); with gunicorn and uvicorn both
//        declared `python3 -m gunicorn -k uvicorn.workers.UvicornWorker -b 0.0.0.0:P <module>:<var>`;
//      Flask -> gunicorn declared: `python3 -m gunicorn -b 0.0.0.0:P <module>:<var>`, else
//        `python3 -m flask --app <module>:<var> run --host 0.0.0.0 --port P` (the development server);
//      (gunicorn calls a factory written `<module>:<factory>()`, flask --app any function it is given)
//      Gradio -> `python3 <workdir>/<file>` with GRADIO_SERVER_NAME=0.0.0.0;
//      Streamlit -> `python3 -m streamlit run <workdir>/<file> --server.port P --server.address 0.0.0.0`, P
//        from .streamlit/config.toml [server] port when it sets one.
//      The module path is derived from the file's path relative to its import root (src/ for src layouts).
//   3. the first console script (project->scripts: [project.scripts], [tool.poetry.scripts], setup.cfg or
//      setup.py, see project_metadata.hpp): "pkg.mod:func" -> a call of func, exiting with its result;
//      "pkg.mod" -> python3 -m pkg.mod.
//   4. a package's __main__.py -> python3 -m <package>.
//   5. main.py or app.py at the top -> python3 <workdir>/main.py.
// `python_files` are the context-relative paths of the .py files going into the image; `declared` the
// project's dependencies, which decide the production server (the reason says which dependency did).
// Apps are looked for first in main.py, app.py, asgi.py, wsgi.py and streamlit_app.py at an import root
// or directly in a package (the project's own first), then in the other files, shallower first, by
// path; test files (tests/, test_*.py, *_test.py, conftest.py) are never taken.
// Throws UsageError when nothing is found, saying how to set one (--entrypoint, [project.scripts] or
// [tool.pycontainer]).
Entrypoint infer_entrypoint(const std::filesystem::path& context, const PyProject* project,
                            const ProjectLayout& layout, const std::vector<std::string>& python_files,
                            const std::string& workdir, const DeclaredDistributions& declared = {});

} // namespace pycontainer::python
