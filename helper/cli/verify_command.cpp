#include "cli/command.hpp"
#include "deps/import_check.hpp"
#include "layer/layer_writer.hpp"
#include "layer/image_files.hpp"
#include "layout/image_lookup.hpp"
#include "layout/layout.hpp"
#include "layout/verify.hpp"
#include "oci/derive_config.hpp"
#include "util/error.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

namespace pycontainer::cli {

namespace {

struct VerifyArguments {
  std::string image;
  std::vector<std::string> files;
  std::string entrypoint;
  std::vector<std::string> env;
  std::vector<std::string> labels;
  std::vector<std::string> imports;
};

// The import check (deps::check_imports) of the image `ref` names, its own layers told by its history.
void check_imports(const std::vector<std::string>& modules, const layout::Layout& layout, const std::string& ref)
{
  auto image = layout::resolve_image(layout, ref, std::nullopt);
  auto own = oci::layers_added_by_build(image.config);
  std::vector<deps::ImageLayer> layers;
  for (std::size_t i = 0; i < image.manifest.layers.size(); ++i) {
    const auto& layer = image.manifest.layers[i];
    layers.push_back({layout::checked_blob_path(layout, layer), layer.media_type, i < own.size() && own[i],
                      "layer " + std::to_string(i + 1) + " (" + layer.digest.str().substr(0, 19) + ")"});
  }
  deps::check_imports(layers, image.config, modules);
}

// Checks what the image holds against the expectations; throws Error naming the first one unmet.
void check_expectations(const VerifyArguments& arguments, const layout::Layout& layout, const std::string& ref)
{
  auto inspection = layout::inspect_image(layout, ref);
  auto fail = [&](const std::string& what) { throw Error(arguments.image + ": " + what); };
  if (!arguments.entrypoint.empty()) {
    auto expected = parse_optional_command(arguments.entrypoint, "--expect-entrypoint");
    if (inspection.value("entrypoint", nlohmann::json()) != nlohmann::json(*expected)) {
      fail("entrypoint is " + inspection.value("entrypoint", nlohmann::json()).dump() + ", expected " +
           nlohmann::json(*expected).dump());
    }
  }
  for (const auto& [key, value] : parse_key_values(arguments.env, "--expect-env")) {
    const auto& env = inspection.value("env", nlohmann::json::array());
    if (std::find(env.begin(), env.end(), key + "=" + value) == env.end()) {
      fail("environment has no " + key + "=" + value + " (it has " + env.dump() + ")");
    }
  }
  for (const auto& [key, value] : parse_key_values(arguments.labels, "--expect-label")) {
    const auto& labels = inspection.value("labels", nlohmann::json::object());
    if (!labels.contains(key) || labels[key] != value) {
      fail("label " + key + " is " + (labels.contains(key) ? labels[key].dump() : "not set") + ", expected \"" +
           value + "\"");
    }
  }
  if (!arguments.files.empty()) {
    auto paths = layer::image_paths(layout, ref);
    for (const auto& file : arguments.files) {
      if (!paths.contains(file)) {
        fail("file " + file + " is not in the image");
      }
    }
  }
  if (!arguments.imports.empty()) {
    with_context(arguments.image, [&] { check_imports(arguments.imports, layout, ref); });
  }
}

} // namespace

Command add_verify_command(CLI::App& app)
{
  auto arguments = std::make_shared<VerifyArguments>();
  auto* command = app.add_subcommand("verify", "Check an image of a layout: every blob re-hashed, every layer's diff_id");
  command->add_option("image", arguments->image, "LAYOUT[:REF]")->required();
  command->add_option("--expect-file", arguments->files, "An absolute path the image must hold, repeatable");
  command->add_option("--expect-entrypoint", arguments->entrypoint, "The whole entrypoint, as words or a JSON array");
  command->add_option("--expect-env", arguments->env, "K=V the environment must hold, repeatable");
  command->add_option("--expect-label", arguments->labels, "K=V the labels must hold, repeatable");
  command->add_option("--expect-import", arguments->imports,
                      "A module the image's Python must find (a.b.c), its libraries too; with the link check of the "
                      "image's own ELF files; repeatable");
  return {command, [arguments] {
    auto [path, ref] = layout::parse_layout_argument(arguments->image);
    auto layout = layout::Layout::open(path);
    auto report = layout::verify_image(layout, ref, layer::diff_id_of_blob);
    check_expectations(*arguments, layout, ref);
    log::info("pycontainer: " + arguments->image + " is valid (" + report.manifest.digest.str() + ", " +
              std::to_string(report.layers) + " layers, " + std::to_string(report.blobs_checked) + " blobs checked)");
  }};
}

} // namespace pycontainer::cli
