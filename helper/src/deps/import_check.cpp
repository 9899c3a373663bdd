#include "deps/import_check.hpp"

#include "deps/link_check.hpp"
#include "deps/module_lookup.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <algorithm>

namespace pycontainer::deps {

namespace {

const char* kind_name(ModuleKind kind)
{
  switch (kind) {
  case ModuleKind::source: return "module";
  case ModuleKind::bytecode: return "bytecode module";
  case ModuleKind::extension: return "extension module";
  case ModuleKind::package: return "package";
  case ModuleKind::namespace_package: return "namespace package";
  }
  return "module";
}

PythonEnvironment python_environment(const oci::RuntimeConfig& config)
{
  PythonEnvironment environment;
  environment.path = config.env_value("PATH");
  environment.pythonpath = config.env_value("PYTHONPATH").value_or("");
  environment.working_dir = config.working_dir;
  environment.safe_path = !config.env_value("PYTHONSAFEPATH").value_or("").empty();
  return environment;
}

} // namespace

void check_imports(const std::vector<ImageLayer>& layers, const oci::ImageConfig& config,
                   const std::vector<std::string>& modules)
{
  auto image = read_image_view(layers, config.platform.architecture);
  auto missing = find_missing_libraries(image.files, image.own_objects,
                                        {loader_libc(image.files), config.config.env_value("LD_LIBRARY_PATH").value_or("")});
  auto python = find_image_python(image.files, python_environment(config.config));
  std::vector<std::string> problems;
  for (const auto& name : modules) {
    auto search = find_module(image.files, python, name);
    if (!search.found) {
      problems.push_back(describe_missing_module(search, python));
      continue;
    }
    log::verbose("module " + name + ": " + kind_name(search.kind) + " " + search.file);
    auto resolved = image.files.resolve(search.file);
    std::vector<MissingLibrary> its;
    std::copy_if(missing.begin(), missing.end(), std::back_inserter(its), [&](const MissingLibrary& library) {
      return resolved && image.files.resolve(library.needed_by->path) == resolved;
    });
    if (!its.empty()) {
      problems.push_back("module " + name + " (" + search.file + ") would not load: " + describe_missing_libraries(its));
    }
  }
  if (!problems.empty()) {
    std::string text;
    for (const auto& problem : problems) {
      text += (text.empty() ? "" : "\n") + problem;
    }
    throw Error(text);
  }
  if (!missing.empty()) {
    throw Error(describe_missing_libraries(missing));
  }
  log::verbose("link check: " + std::to_string(image.own_objects.size()) + " ELF file(s) of the image's own layers, no library missing");
}

} // namespace pycontainer::deps
