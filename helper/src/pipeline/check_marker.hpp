#pragma once

#include "layer/layer_writer.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

// Checks that read many files (the ELF check, the link check) remember a pass by a marker
// <cache>/deps/checked/<key>, the key hashing everything the check read, holding the warnings the pass
// gave (empty for most); markers unused for 30 days are removed.
namespace pycontainer::pipeline {

// The warnings of the check keyed `key` when it passed before (its marker is then kept alive); nullopt
// when it did not, or without a cache.
std::optional<std::string> passed_before(const std::filesystem::path& cache_directory, const std::string& key);

// Whether a file of `entries` changed within the last 2 s: a check of them is then not remembered (as in
// the layer cache, a change within the clock's resolution could hide behind the same status).
bool has_racy_entry(const std::vector<layer::Entry>& entries);

// Records that the check keyed `key` passed, giving `warnings` (nothing without a cache).
void remember_pass(const std::filesystem::path& cache_directory, const std::string& key,
                   const std::string& warnings = "");

} // namespace pycontainer::pipeline
