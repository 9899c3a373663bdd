#include "pipeline/binary_check.hpp"

#include "deps/dependency_plan.hpp"
#include "pipeline/check_marker.hpp"
#include "util/log.hpp"
#include "util/sha256.hpp"

namespace pycontainer::pipeline {

void check_layer_binaries(const project::LayerPlan& layer, const std::string& layer_key, const BinaryCheck& check,
                          const std::filesystem::path& cache_directory)
{
  if (cache_directory.empty()) {
    deps::check_binaries(layer.entries, layer.name, check.platform, check.libc);
    return;
  }
  auto key = util::sha256_hex("elf check 2\n" + check.platform.str() + "\n" + deps::to_string(check.libc) + "\n" +
                              layer_key);
  if (passed_before(cache_directory, key)) {
    log::verbose("layer " + layer.name + ": binaries checked before (" + key.substr(0, 12) + ")");
    return;
  }
  deps::check_binaries(layer.entries, layer.name, check.platform, check.libc);
  if (!has_racy_entry(layer.entries)) {
    remember_pass(cache_directory, key);
  }
}

} // namespace pycontainer::pipeline
