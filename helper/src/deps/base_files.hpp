#pragma once

#include "deps/file_view.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace pycontainer::deps {

// The base's file system as its layers make it, for the link check: every path's type and link target,
// the class and machine of its files named like shared libraries ("*.so*"), and the content of the
// loader's configuration (deps::is_loader_configuration). Read from `layers` ((blob file, media type)
// pairs, bottom first; each checked against its digest, the blob's name) once, then from
// <cache>/deps/base/<sha256 of the digests>.files, a text file: a first line "pycontainer base files 1",
// then one line per path, "d\tPATH", "l\tPATH\tTARGET", "f\tPATH" or "f\tPATH\tMACHINE:64|32", and
// "c\tPATH\tCONTENT" with "\\", "\n" and "\t" escaped. Paths holding a tab or a newline are left out. An
// empty `cache_directory` reads the layers every time.
// Where what is read from a base's layers is cached: <cache>/deps/base/<sha256 of `kind` and the layers'
// digests (their blobs' names)><extension>.
std::filesystem::path base_cache_file(const std::vector<std::pair<std::filesystem::path, std::string>>& layers,
                                      const std::filesystem::path& cache_directory, const std::string& kind,
                                      const std::string& extension);

FileView base_file_view(const std::vector<std::pair<std::filesystem::path, std::string>>& layers,
                        const std::filesystem::path& cache_directory);

} // namespace pycontainer::deps
