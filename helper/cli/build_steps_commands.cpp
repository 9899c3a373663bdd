// The build-system steps: `base`, `deps`, `layer` and `assemble`. Each writes a small JSON record;
// `assemble` turns the records into the image. CMake's pycontainer_image() runs them as separate custom commands
// (Meson and Bazel can too), so that only the steps whose inputs changed run again.

#include "pipeline/builder.hpp"
#include "pipeline/layer_packing.hpp"
#include "project/plan.hpp"
#include "pipeline/steps.hpp"
#include "cli/build_settings.hpp"
#include "cli/cache_options.hpp"
#include "cli/command.hpp"
#include "cli/registry_options.hpp"
#include "layout/layout.hpp"
#include "sbom/packages.hpp"
#include "util/depfile.hpp"
#include "util/error.hpp"
#include "util/file.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <iostream>
#include <set>
#include <memory>

namespace pycontainer::cli {

namespace {

// Where a step keeps its blobs and how it reports: records are rewritten only when their content
// changes (so Ninja's restat skips the steps after an unchanged one), stamps always (so Make sees
// the step done).
struct StepOutputs {
  std::string record;
  std::string staging;
  std::string depfile;
  std::string stamp;
};

void add_step_outputs(CLI::App& command, StepOutputs& outputs)
{
  command.add_option("--record", outputs.record, "The JSON record to write")->required();
  command.add_option("--staging", outputs.staging, "An OCI layout of this step's own to keep its blobs in")->required();
  command.add_option("--depfile", outputs.depfile, "Write the files and directories read, in Makefile syntax");
  command.add_option("--stamp", outputs.stamp, "A file to touch when the step succeeds");
}

// Removes the staging layout's blobs other than `keep`: a step's staging holds only its latest output.
void prune_staging(const layout::Layout& staging, const std::vector<oci::Digest>& keep)
{
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(staging.root() / "blobs" / "sha256", error)) {
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

struct BaseArguments {
  BuildSettingsArguments settings;
  RegistryArguments registry;
  StepOutputs outputs;
};

void run_base_step(const BaseArguments& arguments)
{
  auto request = to_request(arguments.settings);
  request.collect_files = false;
  request.detect_entrypoint = false;
  auto plan = project::plan_build(request);
  pipeline::ScratchDirectory work;
  auto staging = layout::Layout::open_or_create(arguments.outputs.staging);
  auto record =
    pipeline::stage_base(plan.base_source, plan.platform, staging, work.path(), to_registry_options(arguments.registry));
  std::vector<oci::Digest> blobs;
  for (const auto& layer : record.layers) {
    blobs.push_back(layer.digest);
  }
  prune_staging(staging, blobs);
  finish_step(arguments.outputs, record.to_json());
  log::info("pycontainer: base " + pipeline::describe_base(record));
}

// The base's Python and C library from the record the base step wrote.
deps::BasePython read_base_python(const std::string& base_record, const std::filesystem::path& cache_directory)
{
  auto base = pipeline::BaseRecord::from_json(pipeline::read_record(base_record));
  return pipeline::inspect_base_python(base, cache_directory);
}

// Packs the checked layers into the step's staging layout (the cache first) and returns their records.
std::vector<pipeline::LayerRecord> pack_step_layers(const pipeline::CheckedLayers& layers, const layout::Layout& staging)
{
  auto records = layers.pack(staging);
  for (const auto& record : records) {
    log::info("pycontainer: layer " + record.name + " " + record.descriptor.digest.str() + " (" +
              std::to_string(record.file_count) + " files)");
  }
  return records;
}

struct DepsArguments {
  BuildSettingsArguments settings;
  StepOutputs outputs;
  CacheArguments cache;
  std::string base_record;
};

void run_deps_step(const DepsArguments& arguments)
{
  auto request = to_request(arguments.settings);
  request.collect_files = false;
  request.detect_entrypoint = false;
  request.cache_directory = cache_directory_of(arguments.cache.cache_dir);
  auto plan = project::plan_build(request);
  if (!plan.include_deps) {
    throw UsageError("`pycontainer deps` packs the dependencies: pass --include-deps (with --venv or --requirements "
                     "if they are not found in the context)");
  }
  auto base = pipeline::BaseRecord::from_json(pipeline::read_record(arguments.base_record));
  auto base_python = pipeline::inspect_base_python(base, plan.cache_directory);
  project::plan_dependency_layers(plan, base_python);
  auto env_before = plan.changes.env.size();
  project::finish_dependencies(plan, base.name, base_python, base.config);
  auto cache = open_layer_cache(arguments.cache, arguments.cache.cache_dir);
  pipeline::CheckedLayers checked(plan.layers, pipeline::pack_settings(plan, base_python.libc, cache.get()));

  std::vector<std::filesystem::path> read;
  if (plan.dependencies) {
    const auto& source = plan.dependencies->source;
    read = source.input_files;
    // The directories files were found in, so that an added or removed package re-runs the step.
    std::set<std::filesystem::path> directories{source.site_packages};
    if (std::filesystem::is_directory(source.scripts_directory)) { // a missing input would re-run the step
      directories.insert(source.scripts_directory);
    }
    for (const auto& layer : plan.layers) {
      for (const auto& entry : layer.entries) {
        if (entry.source.empty()) {
          continue;
        }
        if (entry.type != layer::EntryType::symlink) { // build tools follow links, which may dangle
          read.push_back(entry.source);
        }
        auto parent = std::filesystem::path(entry.source).parent_path();
        if (parent.string().starts_with(source.site_packages.string())) {
          directories.insert(parent);
        }
      }
    }
    read.insert(read.end(), directories.begin(), directories.end());
  }

  auto staging = layout::Layout::open_or_create(arguments.outputs.staging);
  pipeline::LayersRecord record;
  record.layers = pack_step_layers(checked, staging);
  std::vector<oci::Digest> blobs;
  for (const auto& layer : record.layers) {
    blobs.push_back(layer.descriptor.digest);
  }
  if (cache) {
    cache->finish();
  }
  record.env.assign(plan.changes.env.begin() + static_cast<std::ptrdiff_t>(env_before), plan.changes.env.end());
  if (plan.dependencies) {
    record.packages = sbom::read_packages(plan.dependencies->site);
  }
  prune_staging(staging, blobs);
  finish_step(arguments.outputs, record.to_json(), read);
}

struct LayerArguments {
  BuildSettingsArguments settings;
  StepOutputs outputs;
  CacheArguments cache;
  std::string name;
  std::vector<std::string> files;
  std::string destination;
  std::string base_record;
};

void run_layer_step(const LayerArguments& arguments)
{
  project::LayerPlan layer_plan;
  layer::Options options;
  std::vector<std::filesystem::path> read;
  auto cache_directory = cache_directory_of(arguments.cache.cache_dir);
  oci::Platform platform;
  bool allow_foreign_binaries = arguments.settings.allow_foreign_binaries;
  if (arguments.files.empty()) {
    auto request = to_request(arguments.settings);
    request.detect_entrypoint = false;
    request.cache_directory = cache_directory;
    auto plan = project::plan_build(request);
    options = plan.layer_options;
    platform = plan.platform;
    allow_foreign_binaries = plan.allow_foreign_binaries;
    layer_plan = std::move(plan.layers.back());
    read.push_back(plan.context);
    for (const char* file : {"pyproject.toml", "pycontainer.toml", ".dockerignore", ".pycontainerignore"}) {
      if (std::filesystem::exists(plan.context / file)) {
        read.push_back(plan.context / file);
      }
    }
    if (!arguments.settings.config.empty()) {
      read.push_back(arguments.settings.config);
    }
  } else {
    // A layer of files from anywhere needs no project: only the platform of the settings.
    if (arguments.destination.empty()) {
      throw UsageError("--files needs --destination, the directory of the image they go to");
    }
    if (!arguments.settings.no_reproducible) {
      options.fixed_mtime = project::reproducible_timestamp();
    }
    platform = with_context("--platform", [&] {
      return oci::Platform::parse(arguments.settings.platform.empty() ? project::k_default_platform
                                                                      : arguments.settings.platform);
    });
    std::vector<std::filesystem::path> files(arguments.files.begin(), arguments.files.end());
    layer_plan = project::plan_files_layer(arguments.name.empty() ? "files" : arguments.name, files, arguments.destination);
  }
  if (!arguments.name.empty()) {
    layer_plan.name = arguments.name;
  }
  auto cache = open_layer_cache(arguments.cache, arguments.cache.cache_dir);
  pipeline::PackSettings packing{options, std::nullopt, cache_directory, cache.get()};
  if (!allow_foreign_binaries) {
    auto base_libc = arguments.base_record.empty() ? deps::Libc::unknown
                                                   : read_base_python(arguments.base_record, cache_directory).libc;
    packing.check = pipeline::BinaryCheck{platform, base_libc};
  }
  std::vector<project::LayerPlan> layer_plans{std::move(layer_plan)};
  pipeline::CheckedLayers checked(layer_plans, packing);
  for (const auto& entry : layer_plans.front().entries) {
    if (entry.type != layer::EntryType::symlink && !entry.source.empty()) {
      read.push_back(entry.source);
    }
  }

  auto staging = layout::Layout::open_or_create(arguments.outputs.staging);
  auto record = pack_step_layers(checked, staging).front();
  if (cache) {
    cache->finish();
  }
  prune_staging(staging, {record.descriptor.digest});
  finish_step(arguments.outputs, record.to_json(), read);
}

struct AssembleArguments {
  BuildSettingsArguments settings;
  std::string base_record;
  std::vector<std::string> layer_records;
  std::vector<std::string> also_tags;
  std::string digest_file;
};

void run_assemble_step(const AssembleArguments& arguments)
{
  auto plan = project::plan_build(to_request(arguments.settings));
  auto base = pipeline::BaseRecord::from_json(pipeline::read_record(arguments.base_record));
  std::vector<pipeline::LayerRecord> layers;
  std::vector<sbom::Package> packages;
  auto& env = plan.changes.env;
  for (const auto& file : arguments.layer_records) {
    auto record = with_context("record '" + file + "'",
                               [&] { return pipeline::LayersRecord::from_json(pipeline::read_record(file)); });
    layers.insert(layers.end(), record.layers.begin(), record.layers.end());
    packages.insert(packages.end(), record.packages.begin(), record.packages.end());
    for (const auto& variable : record.env) {
      if (std::none_of(env.begin(), env.end(), [&](const auto& item) { return item.first == variable.first; })) {
        env.push_back(variable);
      }
    }
  }
  std::vector<ref::Reference> tags{plan.tag};
  for (const auto& tag : arguments.also_tags) {
    auto reference = with_context("--also-tag", [&] { return ref::Reference::parse(tag); });
    if (reference.tag.empty()) {
      throw UsageError("--also-tag \"" + tag + "\" has no tag; name the image with NAME:TAG");
    }
    tags.push_back(reference);
  }
  auto output = layout::Layout::open_or_create(plan.output);
  auto manifest = pipeline::assemble_image(plan, base, layers, output, tags);
  if (plan.sbom) {
    // For the base's system packages; the inspection is cached (the layer steps' ELF checks made it already).
    auto base_facts = pipeline::inspect_base_python(base, cache_directory_of(""));
    pipeline::attach_sbom(plan, base, base_facts, manifest, std::move(packages), output, tags);
  }
  if (!arguments.digest_file.empty()) {
    util::write_file_atomic(arguments.digest_file, manifest.digest.str() + "\n");
  }
  log::info("pycontainer: assembled " + plan.tag.str() + " into " + plan.output.string());
  std::cout << plan.tag.str() << '@' << manifest.digest.str() << '\n';
}

} // namespace

Command add_base_command(CLI::App& app)
{
  auto arguments = std::make_shared<BaseArguments>();
  auto* command = app.add_subcommand("base", "Build-system step: resolve the base image and record it");
  add_build_settings_options(*command, arguments->settings);
  add_registry_options(*command, arguments->registry);
  add_step_outputs(*command, arguments->outputs);
  return {command, [arguments] { run_base_step(*arguments); }};
}

Command add_deps_command(CLI::App& app)
{
  auto arguments = std::make_shared<DepsArguments>();
  auto* command = app.add_subcommand("deps", "Build-system step: pack the dependency layers (--include-deps) and record them");
  add_build_settings_options(*command, arguments->settings);
  add_dependency_options(*command, arguments->settings);
  add_step_outputs(*command, arguments->outputs);
  add_cache_options(*command, arguments->cache, /*with_cache_dir=*/true);
  command->add_option("--base-record", arguments->base_record,
                      "The record `pycontainer base` wrote: the dependencies are checked against its Python")
    ->required();
  return {command, [arguments] { run_deps_step(*arguments); }};
}

Command add_layer_command(CLI::App& app)
{
  auto arguments = std::make_shared<LayerArguments>();
  auto* command = app.add_subcommand("layer", "Build-system step: pack one layer (the context's files, or --files) and record it");
  add_build_settings_options(*command, arguments->settings);
  add_step_outputs(*command, arguments->outputs);
  add_cache_options(*command, arguments->cache, /*with_cache_dir=*/true);
  add_dependency_options(*command, arguments->settings);
  command->add_option("--name", arguments->name, "The layer's name in the image history (default: app, or files)");
  command->add_option("--files", arguments->files, "Pack these files and directories instead of the context");
  command->add_option("--destination", arguments->destination, "With --files: the image directory they go to");
  command->add_option("--base-record", arguments->base_record,
                      "The record `pycontainer base` wrote: ELF files are checked against its C library too");
  return {command, [arguments] { run_layer_step(*arguments); }};
}

Command add_assemble_command(CLI::App& app)
{
  auto arguments = std::make_shared<AssembleArguments>();
  auto* command = app.add_subcommand("assemble", "Build-system step: write the image from the base and layer records");
  add_build_settings_options(*command, arguments->settings);
  command->add_option("--base-record", arguments->base_record, "The record `pycontainer base` wrote")->required();
  command->add_option("--layer-record", arguments->layer_records, "A record `pycontainer deps` or `layer` wrote, in image order")->required();
  command->add_option("--also-tag", arguments->also_tags, "Another reference for the same image, repeatable");
  command->add_option("--digest-file", arguments->digest_file, "Write the manifest digest to this file");
  return {command, [arguments] { run_assemble_step(*arguments); }};
}

} // namespace pycontainer::cli
