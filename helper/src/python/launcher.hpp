#pragma once

#include <string>
#include <vector>

// The commands a generated entrypoint runs Python with. As a container's PID 1, Python has no default
// action for SIGTERM: without a handler `docker stop` waits out its timeout and kills the process (137).
// So each is `python3 -c` code that first makes SIGTERM raise SystemExit(143) (128 + SIGTERM; finally
// blocks run), then runs the program as `python3` itself would. A server that installs its own SIGTERM
// handler (uvicorn, gunicorn) replaces ours and shuts down as it always does.
namespace pycontainer::python {

// `python3 -m MODULE ARGS...`: sys.argv (the module's file, then ARGS), sys.path[0] (the working
// directory) and __main__ as -m sets them. Arguments appended to the command (an image's Cmd) reach
// the module too.
std::vector<std::string> launch_module(const std::string& module, const std::vector<std::string>& args = {});

// `python3 SCRIPT ARGS...` for an absolute SCRIPT: sys.argv (SCRIPT, then ARGS), sys.path[0] (the
// script's directory) and __main__ as python3 sets them (for a relative one __file__ would stay relative).
std::vector<std::string> launch_script(const std::string& script, const std::vector<std::string>& args = {});

// Imports `object` (the first name of `attribute`) from `module` and exits with what `attribute()`
// returns, as the console script pip writes for "module:attribute" does.
std::vector<std::string> launch_call(const std::string& module, const std::string& attribute);

} // namespace pycontainer::python
