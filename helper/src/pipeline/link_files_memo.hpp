#pragma once

#include "pipeline/link_files.hpp"
#include "project/plan.hpp"
#include "util/once_map.hpp"

#include <string>

namespace pycontainer::pipeline {

// The link files of layers by their cache key (cache::layer_key), shared by the platforms of one build,
// which check the same layers (their ELF files are read once, whatever their machine). Several threads
// may ask at once; the first to ask for a key reads the layer, the others wait for it.
class LinkFilesMemo {
public:
  // link_files(layer); kept under `key` unless `key` is empty (no cache: nothing names the content).
  LinkFiles get(const std::string& key, const project::LayerPlan& layer);

private:
  util::OnceMap<LinkFiles> m_files;
};

} // namespace pycontainer::pipeline
