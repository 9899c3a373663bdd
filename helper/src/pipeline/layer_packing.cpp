#include "pipeline/layer_packing.hpp"

#include "cache/layer_cache.hpp"
#include "cache/layer_key.hpp"
#include "util/error.hpp"
#include "util/log.hpp"
#include "util/parallel.hpp"
#include "util/thread_budget.hpp"

#include <algorithm>
#include <iterator>
#include <numeric>
#include <utility>

namespace pycontainer::pipeline {

namespace {

LayerRecord pack_layer_here(const project::LayerPlan& plan, const std::string& key, const PackSettings& settings,
                            const layout::Layout& into)
{
  auto result = with_context("layer \"" + plan.name + "\"", [&] {
    return settings.cache ? settings.cache->pack(key, plan.entries, settings.options, into)
                          : layer::write_layer(plan.entries, settings.options, into);
  });
  log::verbose("layer " + plan.name + ": " + result.descriptor.digest.str() + " (" +
               std::to_string(result.descriptor.size) + " bytes compressed, " + std::to_string(result.tar_size) +
               " bytes of tar)");
  LayerRecord record;
  record.name = plan.name;
  record.descriptor = result.descriptor;
  record.diff_id = result.diff_id;
  record.file_count = plan.file_count;
  record.blobs_directory = std::filesystem::absolute(into.blobs_directory());
  return record;
}

LayerRecord pack_layer(const project::LayerPlan& plan, const std::string& key, const PackSettings& settings,
                       const layout::Layout& into)
{
  if (!settings.packed_once || key.empty()) {
    return pack_layer_here(plan, key, settings, into);
  }
  return settings.packed_once->get(plan.name + "\n" + key, [&] { return pack_layer_here(plan, key, settings, into); });
}

std::string packing_key(const project::LayerPlan& plan, const PackSettings& settings)
{
  auto content = settings.content_keys.find(plan.name);
  return content == settings.content_keys.end() || !settings.options.fixed_mtime
           ? cache::layer_key(plan.entries, settings.options)
           : cache::content_layer_key(content->second, settings.options);
}

} // namespace

PackingThreads packing_threads(std::size_t layers)
{
  PackingThreads threads;
  threads.layers_at_once =
    static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>({k_layers_at_once, layers, util::thread_budget()})));
  threads.compression_threads = util::thread_share(threads.layers_at_once);
  return threads;
}

PackSettings pack_settings(const project::BuildPlan& plan, deps::Libc base_libc, cache::LayerCache* cache)
{
  PackSettings settings;
  settings.options = plan.layer_options;
  settings.cache_directory = plan.cache_directory;
  settings.cache = cache;
  if (!plan.allow_foreign_binaries) {
    settings.check = BinaryCheck{plan.platform, base_libc};
  }
  return settings;
}

CheckedLayers::CheckedLayers(const std::vector<project::LayerPlan>& layers, PackSettings settings)
  : m_layers(layers), m_settings(std::move(settings)), m_order(layers.size()), m_keys(layers.size())
{
  // Largest first, so that the longest layer does not start last and run alone.
  std::iota(m_order.begin(), m_order.end(), std::size_t{0});
  std::stable_sort(m_order.begin(), m_order.end(),
                   [&](std::size_t a, std::size_t b) { return layers[a].bytes > layers[b].bytes; });
  bool keyed = m_settings.cache || !m_settings.cache_directory.empty(); // the link check's marker too
  util::run_parallel(layers.size(), packing_threads(layers.size()).layers_at_once, [&](std::size_t index) {
    auto which = m_order[index];
    if (keyed) {
      m_keys[which] = packing_key(layers[which], m_settings);
    }
    if (m_settings.check) { // its errors name the layer
      check_layer_binaries(layers[which], m_keys[which], *m_settings.check, m_settings.cache_directory);
    }
  });
}

std::vector<LayerRecord> CheckedLayers::pack(const layout::Layout& into, std::vector<std::optional<LayerRecord>> packed) const
{
  packed.resize(m_layers.size());
  std::vector<std::size_t> order; // the layers to pack here, largest first
  std::copy_if(m_order.begin(), m_order.end(), std::back_inserter(order), [&](std::size_t which) { return !packed[which]; });
  auto threads = packing_threads(order.size());
  auto settings = m_settings;
  settings.options.threads = threads.compression_threads;
  log::verbose("packing " + std::to_string(order.size()) + " layer(s), " + std::to_string(threads.layers_at_once) +
               " at once, each compressed on " + std::to_string(threads.compression_threads) + " thread(s) (budget " +
               std::to_string(util::thread_budget()) + ")");
  util::run_parallel(order.size(), threads.layers_at_once, [&](std::size_t index) {
    auto which = order[index];
    packed[which] = pack_layer(m_layers[which], m_keys[which], settings, into);
  });
  std::vector<LayerRecord> records;
  for (auto& record : packed) {
    records.push_back(std::move(*record));
  }
  return records;
}

} // namespace pycontainer::pipeline
