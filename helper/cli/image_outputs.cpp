#include "cli/image_outputs.hpp"

#include "archive/docker_archive.hpp"
#include "archive/engine.hpp"
#include "archive/oci_archive.hpp"
#include "layout/image_lookup.hpp"
#include "oci/media_types.hpp"
#include "oci/resolve.hpp"
#include "pipeline/scratch_directory.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

#include <iostream>

namespace pycontainer::cli {

namespace {

nlohmann::json platform_entry(const oci::ResolvedImage& image)
{
  std::int64_t size = image.descriptor().size + image.manifest.config.size;
  for (const auto& layer : image.manifest.layers) {
    size += layer.size;
  }
  return {{"platform", image.config.platform.str()}, {"digest", image.descriptor().digest.str()}, {"size", size}};
}

// Every platform of the image: its one manifest's, or each of an index's.
nlohmann::json platforms_of(const layout::Layout& layout, const std::string& ref, const oci::Descriptor& top)
{
  nlohmann::json platforms = nlohmann::json::array();
  if (top.media_type != oci::media_type::k_oci_index && top.media_type != oci::media_type::k_docker_manifest_list) {
    platforms.push_back(platform_entry(layout::resolve_image(layout, ref, std::nullopt)));
    return platforms;
  }
  auto index = oci::Index::parse(layout::LayoutContent(layout).read(top), "index " + top.digest.str());
  for (const auto& entry : index.manifests) {
    if (entry.platform && entry.artifact_type.empty()) {
      platforms.push_back(platform_entry(layout::resolve_image(layout, ref, entry.platform)));
    }
  }
  return platforms;
}

} // namespace

void add_output_options(CLI::App& command, OutputArguments& arguments)
{
  command.add_flag("--load", arguments.load,
                   "Load the image into the running Docker, else Podman (docker load / podman load of a docker-archive)");
  command.add_option("--load-platform", arguments.load_platform,
                     "The platform of the image --load and a docker-archive take (default: the one image's, or the "
                     "engine's or this machine's for an index)");
  command.add_option("--metadata-file", arguments.metadata_file,
                     "Write JSON here: references, digests, platforms, sizes, outputs");
}

std::optional<archive::Engine> engine_to_load(const OutputArguments& arguments)
{
  return arguments.load ? std::optional<archive::Engine>(archive::find_engine()) : std::nullopt;
}

void write_image_outputs(const ImageOutputs& image, const OutputArguments& arguments,
                         const std::optional<archive::Engine>& engine, const std::string& digest_file,
                         const std::vector<std::string>& pushed)
{
  auto layout = layout::Layout::open(image.layout);
  auto top = layout::find_image(layout, image.ref);
  std::optional<oci::Platform> wanted;
  if (!arguments.load_platform.empty()) {
    wanted = with_context("--load-platform", [&] { return oci::Platform::parse(arguments.load_platform); });
  }
  nlohmann::json outputs = nlohmann::json::array();
  if (image.layout_is_output) {
    outputs.push_back(nlohmann::json{{"type", "layout"}, {"path", std::filesystem::absolute(image.layout).string()}, {"ref", image.ref}});
  }
  auto docker_archive = [&](const std::filesystem::path& file) {
    auto platform = archive::archive_platform(layout, image.ref, wanted, engine ? engine->platform : oci::Platform::host());
    auto written = with_context("docker-archive " + file.string(), [&] {
      return archive::write_docker_archive(layout, image.ref, platform, image.tags, file, image.mtime);
    });
    log::info("pycontainer: wrote docker-archive " + file.string() + " (" + written.platform.str() + ", " +
              written.manifest.digest.str() + ")");
    return written;
  };
  for (const auto& output : image.archives) {
    nlohmann::json entry{{"type", std::string(project::to_string(output.kind))},
                         {"path", std::filesystem::absolute(output.path).string()}};
    if (output.kind == project::OutputKind::oci_archive) {
      entry["size"] = with_context("oci-archive " + output.path.string(),
                                   [&] { return archive::write_oci_archive(layout, output.path, image.mtime); });
      log::info("pycontainer: wrote oci-archive " + output.path.string());
    } else {
      auto written = docker_archive(output.path);
      entry["size"] = written.size;
      entry["platform"] = written.platform.str();
      entry["digest"] = written.manifest.digest.str();
      entry["references"] = written.repo_tags;
    }
    outputs.push_back(std::move(entry));
  }
  if (engine) {
    pipeline::ScratchDirectory work;
    auto written = docker_archive(work.path() / "load.tar");
    auto loaded = archive::load_archive(*engine, work.path() / "load.tar");
    for (const auto& name : loaded) {
      log::info("pycontainer: loaded " + name + " into " + engine->program + " (" + written.platform.str() + ")");
    }
    outputs.push_back(nlohmann::json{{"type", "load"}, {"engine", engine->program}, {"platform", written.platform.str()},
                                     {"digest", written.manifest.digest.str()}, {"loaded", loaded}});
  }
  std::vector<std::string> references;
  std::string lines;
  for (const auto& tag : image.tags) {
    references.push_back(tag.str());
    lines += tag.str() + "@" + top.digest.str() + "\n";
  }
  if (!digest_file.empty() && pushed.empty()) {
    util::write_file_atomic(digest_file, lines);
  }
  if (!arguments.metadata_file.empty()) {
    nlohmann::json metadata{{"references", references},
                            {"digest", top.digest.str()},
                            {"mediaType", top.media_type},
                            {"size", top.size},
                            {"platforms", platforms_of(layout, image.ref, top)},
                            {"outputs", outputs},
                            {"pushed", pushed}};
    util::write_file_atomic(arguments.metadata_file, metadata.dump(2) + "\n");
  }
}

} // namespace pycontainer::cli
