#include "cli/command.hpp"
#include "deps/import_check.hpp"
#include "layer/layer_writer.hpp"
#include "layer/image_files.hpp"
#include "layout/image_lookup.hpp"
#include "layout/layout.hpp"
#include "layout/verify.hpp"
#include "oci/derive_config.hpp"
#include "oci/media_types.hpp"
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
  std::string platform;
};

// The import check (deps::check_imports) of the image `ref` names, its own layers told by its history.
void check_imports(const std::vector<std::string>& modules, const layout::Layout& layout, const std::string& ref,
                   const std::optional<oci::Platform>& platform)
{
  auto image = layout::resolve_image(layout, ref, platform);
  auto own = oci::layers_added_by_build(image.config);
  std::vector<deps::ImageLayer> layers;
  for (std::size_t i = 0; i < image.manifest.layers.size(); ++i) {
    const auto& layer = image.manifest.layers[i];
    layers.push_back({layout::checked_blob_path(layout, layer), layer.media_type, i < own.size() && own[i],
                      "layer " + std::to_string(i + 1) + " (" + layer.digest.str().substr(0, 19) + ")"});
  }
  deps::check_imports(layers, image.config, modules);
}

// Checks what the image (`platform`'s of an index) holds against the expectations; throws Error naming
// the first one unmet.
void check_expectations(const VerifyArguments& arguments, const layout::Layout& layout, const std::string& ref,
                        const std::optional<oci::Platform>& platform)
{
  auto inspection = layout::inspect_image(layout, ref, platform);
  auto name = arguments.image + (platform ? " (" + platform->str() + ")" : "");
  auto fail = [&](const std::string& what) { throw Error(name + ": " + what); };
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
    auto paths = layer::image_paths(layout, ref, platform);
    for (const auto& file : arguments.files) {
      if (!paths.contains(file)) {
        fail("file " + file + " is not in the image");
      }
    }
  }
  if (!arguments.imports.empty()) {
    with_context(name, [&] { check_imports(arguments.imports, layout, ref, platform); });
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
  command->add_option("--platform", arguments->platform,
                      "os/arch[/variant]: only this platform's image of a multi-platform image (default: every one)");
  return {command, [arguments] {
    auto [path, ref] = layout::parse_layout_argument(arguments->image);
    auto layout = layout::Layout::open(path);
    auto platform = parse_platform_option(arguments->platform);
    auto report = layout::verify_image(layout, ref, layer::diff_id_of_blob, platform);
    bool index = oci::media_type::is_index(report.manifest.media_type) && !platform;
    std::string platforms;
    for (const auto& image : report.images) {
      if (image.artifact_type.empty()) {
        // Each platform's image of an index meets the expectations.
        check_expectations(*arguments, layout, ref, index ? image.platform : platform);
        platforms += (platforms.empty() ? "" : " ") + image.platform->str();
      }
    }
    log::info("pycontainer: " + arguments->image + " is valid (" + report.manifest.digest.str() +
              (index ? ", an index of " + std::to_string(report.images.size()) + " images: " + platforms : "") + ", " +
              std::to_string(report.layers) + " layers, " + std::to_string(report.blobs_checked) + " blobs checked)");
  }};
}

} // namespace pycontainer::cli
