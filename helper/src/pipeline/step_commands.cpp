#include "pipeline/step_commands.hpp"

#include "cache/layer_cache.hpp"
#include "layout/layout.hpp"
#include "pipeline/link_check.hpp"
#include "pipeline/link_files.hpp"
#include "pipeline/scratch_directory.hpp"
#include "pipeline/records.hpp"
#include "pipeline/steps.hpp"
#include "project/checks.hpp"
#include "project/platform_plan.hpp"
#include "util/depfile.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <iterator>

namespace pycontainer::pipeline {

namespace {

// Removes the staging layout's blobs other than `keep`: a step's staging holds only its latest output.
void prune_staging(const layout::Layout& staging, const std::vector<oci::Digest>& keep)
{
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(staging.blobs_directory(), error)) {
    auto name = item.path().filename().string();
    bool kept = std::any_of(keep.begin(), keep.end(), [&](const oci::Digest& digest) { return digest.encoded() == name; });
    if (!kept) {
      std::filesystem::remove(item.path(), error);
    }
  }
}

// Writes the depfile (when asked for) naming `read`, then the record and the stamp.
void finish_step(const StepOutputs& outputs, const nlohmann::json& record,
                 const std::vector<std::filesystem::path>& read = {})
{
  if (!outputs.depfile.empty()) {
    util::write_depfile(outputs.depfile, outputs.stamp.empty() ? outputs.record : outputs.stamp, read);
  }
  util::write_file_if_changed(outputs.record, record.dump(2) + "\n");
  if (!outputs.stamp.empty()) {
    util::write_file_atomic(outputs.stamp, "");
  }
}

// Keeps only the record's blobs in the step's staging layout, writes the link files of `layers` (the
// record's, in its order) beside the record (<record's stem>.links.json), then the record naming them.
void finish_layer_step(const StepOutputs& outputs, const layout::Layout& staging, LayersRecord record,
                       const std::vector<project::LayerPlan>& layers, const std::vector<std::filesystem::path>& read,
                       cache::LayerCache* cache)
{
  std::vector<LinkFiles> files;
  for (std::size_t i = 0; i < record.layers.size(); ++i) {
    files.push_back(link_files(layers.at(i)));
  }
  auto record_file = std::filesystem::absolute(outputs.record);
  record.link_files = record_file.parent_path() / (record_file.stem().string() + ".links.json");
  write_link_files(record.link_files, record.layers, files);
  std::vector<oci::Digest> blobs;
  for (const auto& layer : record.layers) {
    log::info("pycontainer: layer " + layer.name + " " + layer.descriptor.digest.str() + " (" +
              std::to_string(layer.file_count) + " files)");
    blobs.push_back(layer.descriptor.digest);
  }
  if (cache) {
    cache->finish();
  }
  prune_staging(staging, blobs);
  finish_step(outputs, record.to_json(), read);
}

// A build-system step builds one platform's part; a build system runs the steps once per platform (and
// a layer step of a FILES group for one platform only for that one).
project::BuildPlan one_platform(project::BuildPlan plan)
{
  if (plan.platforms.size() != 1) {
    throw UsageError("a build step builds one platform, not " +
                     (plan.all_platforms ? std::string("all of the base's") : std::to_string(plan.platforms.size())) +
                     "; run the step once per platform with one --platform each");
  }
  project::check_layer_platforms(plan, plan.platforms);
  return plan;
}

BaseRecord read_base_record(const std::filesystem::path& file)
{
  return with_context("record '" + file.string() + "'", [&] { return BaseRecord::from_json(read_record(file)); });
}

} // namespace

void run_base_step(const project::BuildRequest& request, const remote::RegistryOptions& registry,
                   const StepOutputs& outputs)
{
  auto base_request = request;
  base_request.collect_files = false;
  base_request.detect_entrypoint = false;
  auto plan = one_platform(project::plan_build(base_request));
  ScratchDirectory work;
  auto staging = layout::Layout::open_or_create(outputs.staging);
  auto record = stage_base(plan.base_source, plan.platform, staging, work.path(), registry);
  std::vector<oci::Digest> blobs;
  for (const auto& layer : record.layers) {
    blobs.push_back(layer.digest);
  }
  prune_staging(staging, blobs);
  finish_step(outputs, record.to_json());
  log::info("pycontainer: base " + describe_base(record));
}

void run_deps_step(const project::BuildRequest& request, const std::filesystem::path& base_record,
                   cache::LayerCache* cache, const StepOutputs& outputs, const remote::RegistryOptions& registry)
{
  auto deps_request = request;
  deps_request.collect_files = false;
  deps_request.detect_entrypoint = false;
  deps_request.file_groups.clear();
  auto plan = one_platform(project::plan_build(deps_request));
  if (!plan.include_deps) {
    throw UsageError("`pycontainer deps` packs the dependencies: pass --include-deps (with --venv or --requirements "
                     "if they are not found in the context)");
  }
  auto base = read_base_record(base_record);
  BaseFacts base_facts(base, plan.cache_directory, true, false);
  auto record = pack_dependencies(plan, base, base_facts, cache, outputs.staging, {}, registry);
  finish_layer_step(outputs, layout::Layout::open(outputs.staging), std::move(record), plan.layers,
                    dependency_inputs(plan), cache);
}

void run_layer_step(const project::BuildRequest& request, const std::optional<std::filesystem::path>& base_record,
                    cache::LayerCache* cache, const StepOutputs& outputs, const std::string& name)
{
  project::BuildPlan plan;
  if (request.file_groups.empty()) {
    auto layer_request = request;
    layer_request.detect_entrypoint = false;
    plan = one_platform(project::plan_build(layer_request));
  } else {
    if (request.file_groups.size() != 1) {
      throw UsageError("`pycontainer layer` packs one layer: give one --destination for its --files");
    }
    plan = one_platform(project::plan_file_layers(request)); // a layer of files from anywhere needs no project
  }
  if (!name.empty()) {
    plan.layers.front().name = name;
  }
  auto base_libc = deps::Libc::unknown;
  if (base_record && !plan.allow_foreign_binaries) {
    base_libc = inspect_base_python(read_base_record(*base_record), plan.cache_directory).libc;
  }
  auto staging = layout::Layout::open_or_create(outputs.staging);
  auto record = pack_layers(plan, base_libc, cache, staging);
  finish_layer_step(outputs, staging, std::move(record), plan.layers, layer_inputs(plan), cache);
}

AssembledImage run_assemble_step(const project::BuildRequest& request, const std::filesystem::path& base_record,
                                 const std::vector<std::filesystem::path>& layer_records, bool for_index)
{
  auto assemble_request = request;
  assemble_request.file_groups.clear();
  auto plan = one_platform(project::plan_build(assemble_request));
  if (plan.output.empty()) {
    throw UsageError("assemble writes an OCI image layout: give --output DIR (archives go in more --output options)");
  }
  auto base = read_base_record(base_record);
  std::vector<LayersRecord> layers;
  for (const auto& file : layer_records) {
    layers.push_back(
      with_context("record '" + file.string() + "'", [&] { return LayersRecord::from_json(read_record(file)); }));
  }
  // For the base's system packages and Python; the inspection is cached (the layer steps' ELF checks made it already).
  deps::BasePython base_facts;
  if (plan.sbom || project::checks_requires_python(plan)) {
    base_facts = inspect_base_python(base, plan.cache_directory);
  }
  project::check_requires_python(plan, base_facts);
  OwnLayers own;
  for (const auto& record : layers) {
    for (const auto& layer : record.layers) {
      own.keys.push_back(layer.diff_id.str());
    }
  }
  own.files = [&] {
    std::vector<LinkFiles> files;
    for (std::size_t i = 0; i < layers.size(); ++i) {
      auto read = read_link_files(layers[i], layer_records[i]);
      files.insert(files.end(), std::make_move_iterator(read.begin()), std::make_move_iterator(read.end()));
    }
    return files;
  };
  check_image_links(own, base, {plan.platform, image_ld_library_path(plan, base), plan.allow_missing_libraries},
                    plan.cache_directory);
  auto output = layout::Layout::open_or_create(plan.output);
  auto manifest =
    assemble_image(plan, base, layers, base_facts, output, for_index ? sbom_platform_suffix(plan.platform) : "");
  log::info("pycontainer: assembled " + plan.tag.str() + " into " + plan.output.string());
  return {std::move(plan), manifest};
}

} // namespace pycontainer::pipeline
