#pragma once

#include "deps/dependency_plan.hpp"
#include "pipeline/records.hpp"

#include <filesystem>
#include <future>

namespace pycontainer::pipeline {

// What the base offers dependencies and binaries (deps::inspect_base: its Python and C library, from
// its config and the file names in its layers, cached in <cache>/deps/base by layer digest), read when
// first asked for or, in the background, from the start: a base never inspected before costs a core
// for a while (inflating its layers: 0.4 s for the bench base's 70 MB layer), which layers packed
// meanwhile can use. get() may be called from several threads.
class BaseFacts {
public:
  // Not `needed`: get() gives empty facts and nothing is read. `base` must outlive this object.
  BaseFacts(const BaseRecord& base, const std::filesystem::path& cache_directory, bool needed, bool in_background);
  BaseFacts(const BaseFacts&) = delete;
  BaseFacts& operator=(const BaseFacts&) = delete;

  // Waits for the facts; rethrows the inspection's error.
  const deps::BasePython& get() const;
  // Whether they are being read in the background and are not there yet.
  bool pending() const;

private:
  std::shared_future<deps::BasePython> m_facts;
};

} // namespace pycontainer::pipeline
