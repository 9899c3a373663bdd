#include "pipeline/link_files_memo.hpp"

namespace pycontainer::pipeline {

LinkFiles LinkFilesMemo::get(const std::string& key, const project::LayerPlan& layer)
{
  if (key.empty()) {
    return link_files(layer);
  }
  return m_files.get(key, [&] { return link_files(layer); });
}

} // namespace pycontainer::pipeline
