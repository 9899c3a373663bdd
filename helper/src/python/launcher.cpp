#include "python/launcher.hpp"

#include <string_view>

namespace pycontainer::python {

namespace {

constexpr std::string_view k_exit_on_sigterm =
    "import signal, sys; signal.signal(signal.SIGTERM, lambda *_: sys.exit(143)); ";

// `python3 -c` sets sys.argv to ["-c", ARGS...] and sys.path[0] to "": the module and script forms drop
// the "-c" (runpy then puts the program's path in its place) and set sys.path[0] as -m and a script would.
constexpr std::string_view k_run_module = "import os, runpy; del sys.argv[0]; sys.path[0] = os.getcwd(); "
                                          "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)";
constexpr std::string_view k_run_script = "import os, runpy; del sys.argv[0]; "
                                          "sys.path[0] = os.path.dirname(os.path.realpath(sys.argv[0])); "
                                          "runpy.run_path(sys.argv[0], run_name='__main__')";

std::vector<std::string> launcher(std::string_view code, const std::string& program,
                                  const std::vector<std::string>& args)
{
  std::vector<std::string> argv{"python3", "-c", std::string(k_exit_on_sigterm).append(code)};
  if (!program.empty()) {
    argv.push_back(program);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

} // namespace

std::vector<std::string> launch_module(const std::string& module, const std::vector<std::string>& args)
{
  return launcher(k_run_module, module, args);
}

std::vector<std::string> launch_script(const std::string& script, const std::vector<std::string>& args)
{
  return launcher(k_run_script, script, args);
}

std::vector<std::string> launch_call(const std::string& module, const std::string& attribute)
{
  std::string object = attribute.substr(0, attribute.find('.'));
  return launcher("from " + module + " import " + object + "; sys.exit(" + attribute + "())", "", {});
}

} // namespace pycontainer::python
