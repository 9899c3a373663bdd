#pragma once

#include "python/project_layout.hpp"
#include "python/pyproject.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::python {

struct Entrypoint {
  std::vector<std::string> argv; // exec form, from python/launcher.hpp
  std::string reason;            // for --dry-run: "FastAPI app `app` in src/api/main.py"
  std::string framework;         // "fastapi", "flask", "django" or empty
  std::optional<int> port;       // the framework's port
};

// Infers how the image starts, in this order, each command run by python/launcher.hpp (so SIGTERM ends
// it as a container's PID 1): `python3 -m M ARGS` below is launch_module, `python3 FILE ARGS` launch_script.
//   1. framework detection from the code: FastAPI -> `python3 -m uvicorn <module>:<var> --host 0.0.0.0
//      --port 8000`; Flask -> `python3 -m flask --app <module>:<var> run --host 0.0.0.0 --port 5000`;
//      Django (manage.py + settings) -> `python3 <workdir>/manage.py runserver 0.0.0.0:8000`. The module path is
//      derived from the file's path relative to its import root (src/ for src layouts).
//   2. the first console script (project->scripts: [project.scripts], [tool.poetry.scripts], setup.cfg or
//      setup.py, see project_metadata.hpp): "pkg.mod:func" -> a call of func, exiting with its result;
//      "pkg.mod" -> python3 -m pkg.mod.
//   3. a package's __main__.py -> python3 -m <package>.
//   4. main.py or app.py at the top -> python3 <workdir>/main.py.
// `python_files` are the context-relative paths of the .py files going into the image.
// Apps are looked for first in main.py, app.py, asgi.py and wsgi.py at an import root or directly in a
// package (the project's own first), then in the other files by path; test files (tests/, test_*.py,
// *_test.py, conftest.py) are never taken.
// Throws UsageError when nothing is found, saying how to set one (--entrypoint, [project.scripts] or
// [tool.pycontainer]).
Entrypoint infer_entrypoint(const std::filesystem::path& context, const PyProject* project,
                            const ProjectLayout& layout, const std::vector<std::string>& python_files,
                            const std::string& workdir);

} // namespace pycontainer::python
