#pragma once

#include "pipeline/binary_check.hpp"
#include "project/plan.hpp"
#include "pipeline/records.hpp"
#include "layer/layer_writer.hpp"
#include "layout/layout.hpp"
#include "util/once_map.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::cache {
class LayerCache;
}

namespace pycontainer::pipeline {

// Layers packed at once (fewer when the thread budget is smaller). On 2 cores a single layer leaves
// ~20 % of the machine idle (its reading and hashing thread waits for full queues, and every layer's last
// blocks drain alone); two fill it.
inline constexpr unsigned k_layers_at_once = 2;

// How packing `layers` layers shares the thread budget (util/thread_budget.hpp): k_layers_at_once at a
// time, but no more than there are layers or threads in the budget, each compressed on an equal share.
struct PackingThreads {
  unsigned layers_at_once = 1;
  unsigned compression_threads = 1; // per layer
};
PackingThreads packing_threads(std::size_t layers);

struct PackSettings {
  layer::Options options;
  std::optional<BinaryCheck> check;     // nullopt: ELF files are not checked (--allow-foreign-binaries)
  std::filesystem::path cache_directory; // where passed checks are remembered; empty: never
  cache::LayerCache* cache = nullptr;    // nullptr: every layer is packed (--no-cache)
  // Layers packed once for all the platforms of a build, by name and key: the first platform to pack a
  // layer packs it, the others with the same layer (the same key) wait and take its record. nullptr:
  // every layer is packed here.
  util::OnceMap<LayerRecord>* packed_once = nullptr;
  // Layers whose bytes a content key names (deps::layer_content_key), by layer name: with a fixed mtime,
  // their cache key is cache::content_layer_key, the same on every platform.
  std::map<std::string, std::string> content_keys;
};

// A plan's settings: its layer options and cache directory and, unless it allows foreign binaries, a
// check against its platform and the base's `base_libc`.
PackSettings pack_settings(const project::BuildPlan& plan, deps::Libc base_libc, cache::LayerCache* cache);

// A build's planned layers with their ELF files checked, ready to pack. Checking comes first so that a
// layer that cannot run writes nothing. Both run k_layers_at_once layers at a time, the largest first,
// and each layer's cache key is computed once for both: cache::layer_key of its entries, or
// cache::content_layer_key of its settings.content_keys entry.
class CheckedLayers {
public:
  // Checks every layer with settings.check (check_layer_binaries). Throws UsageError naming a file that
  // cannot run. `layers` must outlive this object.
  CheckedLayers(const std::vector<project::LayerPlan>& layers, PackSettings settings);

  // Packs the layers into `into` (with a cache, an unchanged layer comes from it and no file is read) and
  // returns their records in the order of the layers. A layer with a record in `packed` (by index; empty:
  // none) was packed before, by another platform of the build, and is taken as it is.
  std::vector<LayerRecord> pack(const layout::Layout& into, std::vector<std::optional<LayerRecord>> packed = {}) const;

  const std::vector<project::LayerPlan>& layers() const { return m_layers; }
  // Each layer's cache key; empty strings without a cache or a cache directory.
  const std::vector<std::string>& keys() const { return m_keys; }

private:
  const std::vector<project::LayerPlan>& m_layers;
  PackSettings m_settings;
  std::vector<std::size_t> m_order; // indexes into m_layers, largest first
  std::vector<std::string> m_keys;  // cache::layer_key of each layer when a cache or a check marker may need it
};

} // namespace pycontainer::pipeline
