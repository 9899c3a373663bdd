#pragma once

#include <exception>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace pycontainer::util {

// Values computed once per key for several threads: the first to ask for a key computes its value, the
// others wait for it and get the same value (or the same exception).
template <typename Value>
class OnceMap {
public:
  template <typename Compute>
  Value get(const std::string& key, Compute&& compute)
  {
    std::promise<Value> computing;
    std::shared_future<Value> value;
    bool first = false;
    {
      std::lock_guard lock(m_mutex);
      auto [entry, inserted] = m_values.try_emplace(key);
      if (inserted) {
        entry->second = computing.get_future().share();
        first = true;
      }
      value = entry->second;
    }
    if (first) {
      try {
        computing.set_value(std::forward<Compute>(compute)());
      } catch (...) {
        computing.set_exception(std::current_exception());
      }
    }
    return value.get();
  }

private:
  std::mutex m_mutex;
  std::map<std::string, std::shared_future<Value>> m_values;
};

} // namespace pycontainer::util
