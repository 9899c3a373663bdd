#include "pipeline/base_facts.hpp"

#include "pipeline/steps.hpp"

#include <chrono>

namespace pycontainer::pipeline {

BaseFacts::BaseFacts(const BaseRecord& base, const std::filesystem::path& cache_directory, bool needed,
                     bool in_background)
{
  if (!needed) {
    std::promise<deps::BasePython> none;
    none.set_value({});
    m_facts = none.get_future().share();
    return;
  }
  m_facts = std::async(in_background ? std::launch::async : std::launch::deferred,
                       [&base, cache_directory] { return inspect_base_python(base, cache_directory); })
              .share();
}

const deps::BasePython& BaseFacts::get() const
{
  return m_facts.get();
}

bool BaseFacts::pending() const
{
  return m_facts.wait_for(std::chrono::seconds(0)) == std::future_status::timeout;
}

} // namespace pycontainer::pipeline
