#include "pipeline/steps.hpp"

#include "cache/layer_cache.hpp"
#include "deps/dependency_layers.hpp"
#include "layout/ref_names.hpp"
#include "oci/derive_config.hpp"
#include "oci/manifest.hpp"
#include "oci/media_types.hpp"
#include "pipeline/base_image.hpp"
#include "pipeline/layer_packing.hpp"
#include "pipeline/lock_wheels.hpp"
#include "sbom/attach.hpp"
#include "sbom/packages.hpp"
#include "util/log.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <utility>

namespace pycontainer::pipeline {

namespace {

void link_blob(const layout::Layout& output, const std::filesystem::path& blobs_directory, const oci::Digest& digest)
{
  if (!output.has_blob(digest)) {
    output.link_or_copy_blob(blobs_directory / digest.encoded(), digest);
  }
}

// `name_suffix` follows each tag in the SBOM's name (empty for an image that is the tag's own).
void attach_sbom(const project::BuildPlan& plan, const BaseRecord& base, const deps::BasePython& base_facts,
                 const oci::Descriptor& manifest, std::vector<sbom::Package> packages, const layout::Layout& output,
                 const std::string& name_suffix = "")
{
  auto system = sbom::system_packages(base_facts.system_packages, base_facts.distro);
  packages.insert(packages.end(), system.begin(), system.end());
  sbom::Subject subject;
  subject.manifest_digest = manifest.digest;
  subject.platform = plan.platform.str();
  subject.base_name = base.reference;
  subject.base_digest = base.digest;
  if (plan.project) {
    subject.application_name = plan.project->name;
    subject.application_version = plan.project->version;
  }
  subject.created = oci::rfc3339_utc(plan.timestamp);
  auto names = layout::ref_names(plan.tags);
  for (std::size_t i = 0; i < plan.tags.size(); ++i) {
    subject.image_name = plan.tags[i].str();
    auto document = sbom::write_document(*plan.sbom, subject, packages);
    sbom::attach(output, manifest, names[i] + name_suffix, subject.image_name + name_suffix, *plan.sbom, document,
                 subject.created);
  }
}

// While the base is still being inspected (a base never seen before), packs the dependency layers its
// facts do not change into the cache, unchecked: they reach the image only after their check, which
// then finds them there. Not the layer the venv's links to the base's interpreter join
// (`skeleton_layer`), nor one holding a file too recent for the cache to record (it would be packed twice).
void pack_ahead(std::span<const project::LayerPlan> dependency_layers, const std::string& skeleton_layer,
                PackSettings unchecked, cache::LayerCache& cache)
{
  std::vector<project::LayerPlan> ahead;
  for (const auto& layer : dependency_layers) {
    if (layer.name != skeleton_layer && !cache.racy_entry(layer.entries)) {
      ahead.push_back(layer);
    }
  }
  unchecked.check.reset();
  log::verbose("packing " + std::to_string(ahead.size()) + " dependency layer(s) into the cache while the base is inspected");
  CheckedLayers(ahead, unchecked).pack(cache.store());
}

} // namespace

BaseRecord resolve_base(const project::BaseSource& source, const oci::Platform& platform,
                        const std::filesystem::path& work_directory, const remote::RegistryOptions& registry)
{
  BaseImage base = load_base_image(source, platform, work_directory, registry);
  BaseRecord record;
  record.name = base.name;
  record.reference = base.reference;
  record.digest = base.digest;
  record.config = std::move(base.config);
  record.blobs_directory = base.blobs_directory;
  for (const auto& layer : base.layers) {
    oci::Descriptor ours = layer;
    ours.media_type = std::string(oci::media_type::to_oci(layer.media_type));
    ours.annotations.clear();
    record.layers.push_back(std::move(ours));
  }
  return record;
}

BaseRecord stage_base(const project::BaseSource& source, const oci::Platform& platform, const layout::Layout& into,
                      const std::filesystem::path& work_directory, const remote::RegistryOptions& registry)
{
  BaseRecord record = resolve_base(source, platform, work_directory, registry);
  for (const auto& layer : record.layers) {
    link_blob(into, record.blobs_directory, layer.digest);
  }
  record.blobs_directory = std::filesystem::absolute(into.blobs_directory());
  return record;
}

std::vector<std::pair<std::filesystem::path, std::string>> base_layer_files(const BaseRecord& base)
{
  std::vector<std::pair<std::filesystem::path, std::string>> layers;
  for (const auto& layer : base.layers) {
    layers.emplace_back(base.blobs_directory / layer.digest.encoded(), layer.media_type);
  }
  return layers;
}

deps::BasePython inspect_base_python(const BaseRecord& base, const std::filesystem::path& cache_directory)
{
  return deps::inspect_base(base.config, base_layer_files(base), cache_directory);
}

LayersRecord pack_dependencies(project::BuildPlan& plan, const BaseRecord& base, const BaseFacts& base_facts,
                               cache::LayerCache* cache, const std::filesystem::path& into,
                               const std::function<void(const CheckedLayers&)>& before_writing,
                               const remote::RegistryOptions& registry, util::OnceMap<LayerRecord>* packed_once)
{
  auto env_before = plan.changes.env.size();
  auto layers_before = plan.layers.size();
  project::plan_dependency_layers(plan, [&]() -> const deps::BasePython& { return base_facts.get(); },
                                  lock_wheels(plan, registry));
  if (plan.dependencies) {
    log::verbose(deps::format_dependencies(*plan.dependencies));
  }
  // The dependency layers come first in the plan; only they are packed here.
  auto count = static_cast<std::ptrdiff_t>(plan.layers.size() - layers_before);
  std::map<std::string, std::string> content_keys; // taken before the venv's skeleton joins "deps"
  for (auto layer = plan.layers.begin(); plan.dependencies && layer != plan.layers.begin() + count; ++layer) {
    if (auto key = deps::layer_content_key(*plan.dependencies, layer->name, layer->entries); !key.empty()) {
      content_keys[layer->name] = key;
    }
  }
  auto settings_for = [&](deps::Libc base_libc) {
    auto settings = pack_settings(plan, base_libc, cache);
    settings.packed_once = packed_once;
    settings.content_keys = content_keys;
    return settings;
  };
  if (plan.dependencies && cache && base_facts.pending()) {
    pack_ahead({plan.layers.begin(), plan.layers.begin() + count}, plan.dependencies->layers.back().name,
               settings_for(deps::Libc::unknown), *cache);
  }
  project::finish_dependencies(plan, base.name, base_facts.get(), base.config);
  std::vector<project::LayerPlan> dependency_layers(std::make_move_iterator(plan.layers.begin()),
                                                    std::make_move_iterator(plan.layers.begin() + count));
  LayersRecord record;
  {
    CheckedLayers checked(dependency_layers, settings_for(base_facts.get().libc));
    if (before_writing) {
      before_writing(checked);
    }
    record.layers = checked.pack(layout::Layout::open_or_create(into));
  }
  std::move(dependency_layers.begin(), dependency_layers.end(), plan.layers.begin());
  record.env.assign(plan.changes.env.begin() + static_cast<std::ptrdiff_t>(env_before), plan.changes.env.end());
  if (plan.dependencies && plan.sbom) { // reading the distributions' metadata is not free
    record.packages = sbom::read_packages(plan.dependencies->site);
    if (plan.dependencies->source.kind == deps::SourceKind::lock) {
      sbom::add_locked_files(record.packages, plan.dependencies->source.locked);
    }
  }
  return record;
}

LayersRecord pack_layers(const project::BuildPlan& plan, deps::Libc base_libc, cache::LayerCache* cache,
                         const layout::Layout& into)
{
  CheckedLayers checked(plan.layers, pack_settings(plan, base_libc, cache));
  LayersRecord record;
  record.layers = checked.pack(into);
  return record;
}

namespace {

// The image's config and manifest, written into `output` with the blobs they name; its SBOM's packages
// (the records' distributions) into `packages`.
oci::Descriptor write_image(const project::BuildPlan& plan, const BaseRecord& base,
                            const std::vector<LayersRecord>& layers, const layout::Layout& output,
                            std::vector<sbom::Package>& packages)
{
  oci::Manifest manifest;
  for (const auto& layer : base.layers) {
    link_blob(output, base.blobs_directory, layer.digest);
    manifest.layers.push_back(layer);
  }
  std::vector<oci::LayerHistory> history;
  auto changes = plan.changes;
  for (const auto& record : layers) {
    for (const auto& layer : record.layers) {
      link_blob(output, layer.blobs_directory, layer.descriptor.digest);
      manifest.layers.push_back(layer.descriptor);
      history.push_back({layer.diff_id, std::string(oci::k_build_history_prefix) + layer.name + " layer (" +
                                          std::to_string(layer.file_count) + " files)"});
    }
    for (const auto& variable : record.env) { // the plan's own settings win
      auto& env = changes.env;
      if (std::none_of(env.begin(), env.end(), [&](const auto& item) { return item.first == variable.first; })) {
        env.push_back(variable);
      }
    }
    packages.insert(packages.end(), record.packages.begin(), record.packages.end());
  }
  auto config =
    oci::derive_image_config(base.config, plan.platform, changes, history, oci::rfc3339_utc(plan.timestamp));
  manifest.config =
    output.write_blob(oci::canonical_json(config.to_json()), std::string(oci::media_type::k_oci_config));
  if (!base.reference.empty()) {
    manifest.annotations["org.opencontainers.image.base.name"] = base.reference;
  }
  if (base.digest) {
    manifest.annotations["org.opencontainers.image.base.digest"] = base.digest->str();
  }
  auto descriptor =
    output.write_blob(oci::canonical_json(manifest.to_json()), std::string(oci::media_type::k_oci_manifest));
  descriptor.platform = plan.platform;
  return descriptor;
}

} // namespace

oci::Descriptor assemble_image(const project::BuildPlan& plan, const BaseRecord& base,
                               const std::vector<LayersRecord>& layers, const deps::BasePython& base_facts,
                               const layout::Layout& output, const std::string& sbom_name_suffix)
{
  std::vector<sbom::Package> packages;
  auto descriptor = write_image(plan, base, layers, output, packages);
  auto names = layout::ref_names(plan.tags);
  for (std::size_t i = 0; i < plan.tags.size(); ++i) {
    output.set_tag(descriptor, names[i], plan.tags[i].str());
  }
  if (plan.sbom) {
    attach_sbom(plan, base, base_facts, descriptor, std::move(packages), output, sbom_name_suffix);
  }
  return descriptor;
}

oci::Descriptor assemble_platform_image(const project::BuildPlan& plan, const BaseRecord& base,
                                        const std::vector<LayersRecord>& layers, const deps::BasePython& base_facts,
                                        const layout::Layout& output)
{
  std::vector<sbom::Package> packages;
  auto descriptor = write_image(plan, base, layers, output, packages);
  if (plan.sbom) {
    attach_sbom(plan, base, base_facts, descriptor, std::move(packages), output, sbom_platform_suffix(plan.platform));
  }
  return descriptor;
}

std::string sbom_platform_suffix(const oci::Platform& platform)
{
  auto text = platform.str();
  std::replace(text.begin(), text.end(), '/', '-');
  return "." + text;
}

std::vector<std::filesystem::path> dependency_inputs(const project::BuildPlan& plan)
{
  if (!plan.dependencies) {
    return {};
  }
  const auto& source = plan.dependencies->source;
  std::vector<std::filesystem::path> read = source.input_files;
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
  return read;
}

std::vector<std::filesystem::path> layer_inputs(const project::BuildPlan& plan)
{
  std::vector<std::filesystem::path> read = plan.inputs;
  for (const auto& layer : plan.layers) {
    for (const auto& entry : layer.entries) {
      if (entry.type != layer::EntryType::symlink && !entry.source.empty()) {
        read.push_back(entry.source);
      }
    }
  }
  return read;
}

std::vector<std::filesystem::path> build_inputs(const project::BuildPlan& plan)
{
  auto read = layer_inputs(plan);
  auto dependencies = dependency_inputs(plan);
  read.insert(read.end(), dependencies.begin(), dependencies.end());
  read.insert(read.end(), plan.label_inputs.begin(), plan.label_inputs.end());
  const auto& base = plan.base_source;
  if (base.kind == project::BaseSource::Kind::oci_layout) {
    read.push_back(std::filesystem::path(base.location) / "index.json");
  } else if (base.kind == project::BaseSource::Kind::oci_archive) {
    read.push_back(base.location);
  }
  for (auto& path : read) {
    path = std::filesystem::absolute(path).lexically_normal();
  }
  std::sort(read.begin(), read.end());
  read.erase(std::unique(read.begin(), read.end()), read.end());
  return read;
}

} // namespace pycontainer::pipeline
