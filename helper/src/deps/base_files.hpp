#pragma once

#include "deps/file_view.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace pycontainer::layer {
class LayerReader;
} // namespace pycontainer::layer

namespace pycontainer::deps {

// Reads what a view keeps of the regular file a layer adds at `path` (its content from `reader`, once)
// into `node` (an ELF file's class and machine) or the view (content kept).
using ViewFileReader = std::function<void(const std::string& path, ViewNode& node, layer::LayerReader& reader)>;

// Applies one layer blob (checked against its digest, the blob's name) to `view`: each path's type and
// link target (a hard link shares its target's node), regular files read by `read_file`, OCI whiteouts.
// Paths holding a tab or a newline are left out.
void apply_layer_to_view(FileView& view, const std::filesystem::path& blob, const std::string& media_type,
                         const ViewFileReader& read_file);

// What the link check keeps of a base's regular file: the content of the loader's configuration
// (deps::is_loader_configuration), the class and machine of a file named like a shared library ("*.so*").
void read_loader_file(FileView& view, const std::string& path, ViewNode& node, layer::LayerReader& reader);


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
