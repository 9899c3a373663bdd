#pragma once

#include "project/plan.hpp"
#include "deps/elf.hpp"

#include <filesystem>
#include <string>

namespace pycontainer::pipeline {

// What the ELF files of a layer must run on: the image's platform and the base's C library.
struct BinaryCheck {
  oci::Platform platform;
  deps::Libc libc = deps::Libc::unknown;
};

// Checks every ELF file of `layer` against `check` (deps::check_binaries), unless the same files passed
// the same check before. Opening every file of a large dependency layer on each build would cost more
// than the rest of a warm build, so a pass is remembered by an empty marker <cache>/deps/checked/<key>,
// key = `layer_key` (the layer's cache key: paths and stat fields, no content; see cache::layer_key)
// with the platform and C library; markers unused for 30 days are removed. Layers holding a file
// changed within the last 2 s are checked but not remembered (as in the layer cache). Without a cache
// directory every check reads the files.
void check_layer_binaries(const project::LayerPlan& layer, const std::string& layer_key, const BinaryCheck& check,
                          const std::filesystem::path& cache_directory);

} // namespace pycontainer::pipeline
