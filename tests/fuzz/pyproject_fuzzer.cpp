// pyproject.toml: [project] (python::load_pyproject, python::minimum_python_version of its
// requires-python) and [tool.pycontainer] (project::load_tool_table).
#include "fuzz_support.hpp"
#include "project/config_file.hpp"
#include "python/pyproject.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const pycontainer::fuzz::ScratchFile file("pyproject.toml");
  const auto& path = file.write(pycontainer::fuzz::as_text(data, size));
  pycontainer::fuzz::expect_our_errors([&] {
    auto project = pycontainer::python::load_pyproject(path.parent_path());
    if (project) {
      pycontainer::python::minimum_python_version(project->requires_python);
    }
  });
  pycontainer::fuzz::expect_our_errors([&] { pycontainer::project::load_tool_table(path); });
  return 0;
}
