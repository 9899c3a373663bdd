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

std::string marker_key(const std::vector<KeyedLayer>& layers, const BaseRecord& base, const LinkCheck& check)
{
  std::string key = "link check 1\n" + check.platform.str() + "\n" + check.ld_library_path + "\n" +
                    (check.allow_missing ? "allowed\n" : "");
  for (const auto& layer : base.layers) {
    key += layer.digest.str() + "\n";
  }
  for (const auto& layer : layers) {
    key += layer.key + "\n";
  }
  return util::sha256_hex(key);
}

// Adds the layers' paths to `view` and returns their ELF files built for `platform`.
std::vector<deps::LinkObject> add_own_files(deps::FileView& view, const std::vector<KeyedLayer>& layers,
                                            const oci::Platform& platform)
{
  std::vector<deps::LinkObject> objects;
  for (const auto& [layer, key] : layers) {
    for (const auto& entry : layer->entries) {
      deps::ViewNode node;
      node.own = true;
      auto path = "/" + entry.path;
      if (entry.type == layer::EntryType::directory) {
        node.kind = deps::ViewNode::Kind::directory;
      } else if (entry.type == layer::EntryType::symlink) {
        node.kind = deps::ViewNode::Kind::symlink;
        node.link_target = entry.link_target;
      } else if (bool too_small = entry.inode != 0 && entry.size < deps::k_smallest_elf_file;
                 !too_small && !entry.source.empty()) {
        if (auto elf = deps::read_elf(entry.source)) {
          node.elf_machine = elf->machine;
          node.elf_64 = elf->is_64;
          if (deps::elf_architecture(*elf) == platform.architecture) {
            objects.push_back({path, std::move(*elf), "'" + entry.source + "', layer \"" + layer->name + "\""});
          }
        }
      }
      view.add(path, std::move(node));
    }
  }
  return objects;
}

} // namespace

void check_image_links(const std::vector<KeyedLayer>& layers, const BaseRecord& base, const LinkCheck& check,
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
  auto objects = add_own_files(view, layers, check.platform);
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
  bool racy = std::any_of(layers.begin(), layers.end(),
                          [](const KeyedLayer& layer) { return has_racy_entry(layer.layer->entries); });
  if (!racy) {
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
