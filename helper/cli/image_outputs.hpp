#pragma once

#include "archive/engine.hpp"
#include "oci/platform.hpp"
#include "project/output_targets.hpp"
#include "ref/reference.hpp"

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pycontainer::cli {

// --load, --load-platform, --metadata-file (build and assemble). --digest-file is add_push_options'.
struct OutputArguments {
  bool load = false;
  std::string load_platform;
  std::string metadata_file;
};
void add_output_options(CLI::App& command, OutputArguments& arguments);

// One image of a layout, and what is made of it besides the layout.
struct ImageOutputs {
  std::filesystem::path layout;        // where the image was built
  bool layout_is_output = true;        // false: a temporary layout, for archives only
  std::string ref;                     // its name in the layout
  std::vector<ref::Reference> tags;    // every tag, the first naming the image
  std::vector<project::OutputTarget> archives;
  std::int64_t mtime = 0;              // of every archive entry
};

// The engine --load loads into (archive::find_engine), found before anything is built; nullopt without --load.
std::optional<archive::Engine> engine_to_load(const OutputArguments& arguments);

// Writes the archives, loads the image into `engine` (each said on stderr: the file, the
// platform, the image the engine loaded), then writes --metadata-file and, when `pushed` is empty (no
// push; a push writes its own), --digest-file: one NAME:TAG@DIGEST line per tag. The metadata file
// (JSON) names the references, the image's digest, media type and size, each platform's manifest with
// the bytes of its config and layers, the outputs and the pushed references.
void write_image_outputs(const ImageOutputs& image, const OutputArguments& arguments,
                         const std::optional<archive::Engine>& engine, const std::string& digest_file,
                         const std::vector<std::string>& pushed);

} // namespace pycontainer::cli
