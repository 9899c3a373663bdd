#include "pipeline/link_check.hpp"

#include "deps/base_files.hpp"
#include "deps/link_check.hpp"
#include "pipeline/check_marker.hpp"
#include "pipeline/steps.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/sha256.hpp"

#include <chrono>

namespace pycontainer::pipeline {

namespace {

std::string marker_key(const OwnLayers& layers, const BaseRecord& base, const LinkCheck& check)
{
  std::string key = "link check 1\n" + check.platform.str() + "\n" + check.ld_library_path + "\n" +
                    (check.allow_missing ? "allowed\n" : "");
  for (const auto& layer : base.layers) {
    key += layer.digest.str() + "\n";
  }
  for (const auto& layer : layers.keys) {
    key += layer + "\n";
  }
  return util::sha256_hex(key);
}

// Adds the layers' paths to `view` and returns their ELF files built for `platform`.
std::vector<deps::LinkObject> add_own_files(deps::FileView& view, std::vector<LinkFiles> layers,
                                            const oci::Platform& platform)
{
  std::vector<deps::LinkObject> objects;
  for (auto& layer : layers) {
    for (auto& [path, node] : layer.paths) {
      view.add(path, std::move(node));
    }
    for (auto& object : layer.objects) {
      if (deps::elf_architecture(object.elf) == platform.architecture) {
        objects.push_back(std::move(object));
      }
    }
  }
  return objects;
}

} // namespace

void check_image_links(const OwnLayers& layers, const BaseRecord& base, const LinkCheck& check,
                       const std::filesystem::path& cache_directory)
{
  auto key = marker_key(layers, base, check);
  if (auto warnings = passed_before(cache_directory, key)) {
    log::verbose("link check passed before (" + key.substr(0, 12) + ")");
    if (!warnings->empty()) {
      log::warn(*warnings);
    }
    return;
  }
  auto started = std::chrono::steady_clock::now();
  auto view = deps::base_file_view(base_layer_files(base), cache_directory);
  auto objects = add_own_files(view, layers.files(), check.platform);
  auto missing = deps::find_missing_libraries(view, objects, {deps::loader_libc(view), check.ld_library_path});
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log::verbose("link check: " + std::to_string(objects.size()) + " ELF file(s) of our layers against " +
               std::to_string(view.nodes().size()) + " paths, " + std::to_string(missing.size()) + " library(ies) missing, " +
               std::to_string(took.count()) + " ms");
  std::string warnings;
  if (!missing.empty()) {
    warnings = deps::describe_missing_libraries(missing);
    if (!check.allow_missing) {
      throw UsageError(warnings);
    }
    log::warn(warnings);
  }
  if (!layers.racy) {
    remember_pass(cache_directory, key, warnings); // a warm build warns again
  }
}

std::string image_ld_library_path(const project::BuildPlan& plan, const BaseRecord& base)
{
  for (const auto& [name, value] : plan.changes.env) {
    if (name == "LD_LIBRARY_PATH") {
      return value;
    }
  }
  return base.config.config.env_value("LD_LIBRARY_PATH").value_or("");
}

} // namespace pycontainer::pipeline
