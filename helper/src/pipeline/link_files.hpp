#pragma once

#include "deps/file_view.hpp"
#include "deps/library_resolver.hpp"
#include "pipeline/records.hpp"
#include "project/plan.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

// What the link check (pipeline/link_check.hpp) needs of one of the image's own layers: every path it
// adds (type, link target, ELF class and machine) and its ELF files with what they ask of the loader.
// `pycontainer build` reads them from its planned layers when the check runs. In the build-system steps
// `assemble` has only the layers' records, so each packing step writes those of its layers beside its
// record (LayersRecord::link_files names the file), a JSON document:
//   {"format": "pycontainer link files 1",
//    "layers": [{"diff_id": "sha256:...",
//                "paths": [["d", "/app"], ["f", "/app/main.py"], ["f", "/app/lib/libgeom.so.1.0", 62, true],
//                          ["l", "/app/lib/libgeom.so.1", "libgeom.so.1.0"]],
//                "elf": [{"path": "/app/lib/libgeom.so.1.0", "about": "'/b/libgeom.so.1.0', layer \"files-0\"",
//                         "machine": 62, "is_64": true, "needed": ["libc.so.6"], "rpath": null,
//                         "runpath": "$ORIGIN", "soname": "libgeom.so.1"}]}]}
// ("f" entries carry e_machine and the class only for ELF files; rpath and runpath are null when absent.)
namespace pycontainer::pipeline {

struct LinkFiles {
  std::vector<std::pair<std::string, deps::ViewNode>> paths; // absolute, in the layer's order, all `own`
  std::vector<deps::LinkObject> objects;                      // its ELF files, of any machine
};

// The link files of `layer`: opens each of its regular files that may be an ELF file.
LinkFiles link_files(const project::LayerPlan& layer);

// Writes the link files of `layers`, packed as `records` (in the same order), to `file`; rewritten only
// when they change.
void write_link_files(const std::filesystem::path& file, const std::vector<LayerRecord>& records,
                      const std::vector<LinkFiles>& layers);

// The link files of `record`'s layers, read from the file it names. UsageError naming the record when it
// names none (an older pycontainer wrote it), or when the file is damaged or describes other layers.
std::vector<LinkFiles> read_link_files(const LayersRecord& record, const std::filesystem::path& record_file);

} // namespace pycontainer::pipeline
