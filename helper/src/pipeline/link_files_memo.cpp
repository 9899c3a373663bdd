#include "pipeline/link_files_memo.hpp"

#include <exception>

namespace pycontainer::pipeline {

LinkFiles LinkFilesMemo::get(const std::string& key, const project::LayerPlan& layer)
{
  if (key.empty()) {
    return link_files(layer);
  }
  std::promise<LinkFiles> reading;
  std::shared_future<LinkFiles> files;
  bool first = false;
  {
    std::lock_guard lock(m_mutex);
    auto [entry, inserted] = m_files.try_emplace(key);
    if (inserted) {
      entry->second = reading.get_future().share();
      first = true;
    }
    files = entry->second;
  }
  if (!first) {
    return files.get();
  }
  try {
    reading.set_value(link_files(layer));
  } catch (...) {
    reading.set_exception(std::current_exception());
  }
  return files.get();
}

} // namespace pycontainer::pipeline
