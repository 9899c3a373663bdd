#pragma once

#include "deps/image_view.hpp"
#include "oci/image_config.hpp"

#include <string>
#include <vector>

namespace pycontainer::deps {

// The check of `pycontainer verify --expect-import`, on the image's layers (`layers`, bottom first) and
// config: the link check (deps::find_missing_libraries) of every ELF file the image's own layers add, and
// each of `modules` found (deps::find_module) where the image's Python imports from
// (deps::find_image_python, from the config's PATH, PYTHONPATH, PYTHONSAFEPATH and WorkingDir). Throws
// Error naming each module not found and each extension module whose libraries the loader would not
// find (its link check), else the first other file with a library missing; UsageError for a name that
// is no module's. An extension module of the base is trusted, as the link check trusts the base's
// libraries.
void check_imports(const std::vector<ImageLayer>& layers, const oci::ImageConfig& config,
                   const std::vector<std::string>& modules);

} // namespace pycontainer::deps
